import { AppError, isAppError } from "@/server/errors";

/**
 * Runs one etcd call and turns whatever the outside world throws (connection refused,
 * deadline exceeded, an open circuit breaker, a closed client) into `unavailable`: to the
 * domain, etcd is either there or not; the cause stays in the details for the logs.
 */
export async function withEtcd<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isAppError(error)) throw error;
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new AppError("unavailable", `The etcd config center is unavailable (${what})`, { cause });
  }
}

/** One line for a health page: the message, and the etcd cause when there is one. */
export function describeError(error: unknown): string {
  if (!isAppError(error)) return error instanceof Error ? error.message : String(error);
  const cause = (error.details as { cause?: unknown } | null)?.cause;
  return typeof cause === "string" ? `${error.message}: ${cause}` : error.message;
}
