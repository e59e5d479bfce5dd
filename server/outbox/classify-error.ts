import { isAppError } from "@/server/errors";

/** A center that refuses the release will refuse it again: fail it. Anything else may pass later: retry. */
export function isPermanentRefusal(error: unknown): boolean {
  return isAppError(error) && (error.code === "bad_request" || error.code === "unprocessable");
}

export function errorMessage(error: unknown): string {
  if (!isAppError(error)) return error instanceof Error ? error.message : String(error);
  const cause = (error.details as { cause?: unknown } | null)?.cause;
  return typeof cause === "string" ? `${error.message}: ${cause}` : error.message;
}

/** Exponential backoff with jitter: min * 2^(attempt-1), capped, then 50-100% of it. */
export function retryDelayMs(attempt: number, retry: { minMs: number; maxMs: number }): number {
  const ceiling = Math.min(retry.maxMs, retry.minMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
