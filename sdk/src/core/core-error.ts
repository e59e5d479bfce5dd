/**
 * What core throws when its input breaks a rule (a bad split, a cycle, a bad bucket count).
 * Core knows nothing of HTTP: the server maps it to its AppError at the boundary
 * (server/errors.ts, fromCoreError), keeping code, message and details.
 */
export type CoreErrorCode = "bad_request" | "unprocessable";

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly details: unknown;

  constructor(code: CoreErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "CoreError";
    this.code = code;
    this.details = details ?? null;
  }
}

export function isCoreError(e: unknown): e is CoreError {
  return e instanceof CoreError;
}
