import { isCoreError, type CoreError } from "@/sdk/src/core/core-error";

/**
 * The one error type of the domain. Domain code throws AppError; the HTTP layer maps it
 * once to `{ error: { code, message, details } }` with its status. Anything else that
 * escapes becomes a 500 whose message hides the internals.
 */
export type ErrorCode =
  | "bad_request"
  // Text PostgreSQL cannot store (U+0000) or that is not Unicode (a lone surrogate): server/http/unstorable-text.ts.
  | "invalid_text"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unprocessable"
  | "rate_limited"
  | "bad_gateway"
  | "unavailable"
  | "timeout"
  | "not_implemented"
  | "internal"
  // Approving a change request that has no passed verification report for what it would publish (docs/verification.md, Approval).
  | "verification_missing"
  | "verification_running"
  | "verification_failed"
  | "verification_stale"
  // A model operation that could break live scoring, sent without `confirm: true` (details: what it affects).
  | "confirmation_required";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_text: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
  verification_missing: 409,
  verification_running: 409,
  verification_failed: 409,
  verification_stale: 409,
  confirmation_required: 409,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /**
   * What only admins see (added to `details.detail` in their answers): e.g. a model server's raw
   * transport error, which to anyone else would make the console a port scanner.
   */
  adminDetail?: string;

  constructor(code: ErrorCode, message: string, details?: unknown, status?: number) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = status ?? STATUS[code];
    this.details = details ?? null;
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError("bad_request", message, details);
export const notFound = (message: string, details?: unknown) => new AppError("not_found", message, details);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, details);
export const unprocessable = (message: string, details?: unknown) => new AppError("unprocessable", message, details);
export const forbidden = (message: string, details?: unknown) => new AppError("forbidden", message, details);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Core (sdk/src/core) throws its own CoreError, knowing nothing of HTTP: the same code, message and details as an AppError. */
export function fromCoreError(e: CoreError): AppError {
  return new AppError(e.code, e.message, e.details);
}

/** What was thrown, with a CoreError mapped to its AppError; anything else as it is. */
export function withCoreErrorMapped(e: unknown): unknown {
  return isCoreError(e) ? fromCoreError(e) : e;
}
