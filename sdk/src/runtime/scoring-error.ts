import { isCoreError } from "../core/core-error";

/** The codes the runtime's failures carry, each with the HTTP status a service would answer. */
export type ScoringErrorCode = "bad_request" | "not_found" | "unprocessable" | "bad_gateway" | "unavailable" | "timeout" | "internal";

const STATUS: Record<ScoringErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  unprocessable: 422,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
};

/**
 * What the runtime throws. It knows nothing of the console: a caller maps it at its boundary (the
 * console to its AppError, keeping code, message, details, status and adminDetail). `code` is a
 * string because an error a port threw (the console's own codes) passes through with its code.
 */
export class ScoringError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  /** What only an operator should read (a model server's raw transport error). */
  adminDetail?: string;

  constructor(code: ScoringErrorCode | (string & {}), message: string, details?: unknown, status?: number) {
    super(message);
    this.name = "ScoringError";
    this.code = code;
    this.status = status ?? STATUS[code as ScoringErrorCode] ?? 500;
    this.details = details ?? null;
  }
}

/** An error that says what went wrong in HTTP terms: the runtime's own, or one a port threw with a code and status (the console's AppError). */
export interface DescribedError {
  code: string;
  status: number;
  message: string;
  details: unknown;
  adminDetail?: string;
}

/** `e` as a described error, or null for an unexpected one (a bug, a library's TypeError). A core error maps to its code. */
export function describeError(e: unknown): DescribedError | null {
  if (e instanceof ScoringError) return e;
  if (isCoreError(e)) return new ScoringError(e.code, e.message, e.details);
  if (e instanceof Error && typeof (e as { code?: unknown }).code === "string" && typeof (e as { status?: unknown }).status === "number") {
    const x = e as Error & { code: string; status: number; details?: unknown; adminDetail?: string };
    return { code: x.code, status: x.status, message: x.message, details: x.details ?? null, ...(x.adminDetail !== undefined ? { adminDetail: x.adminDetail } : {}) };
  }
  return null;
}

export function safeMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
