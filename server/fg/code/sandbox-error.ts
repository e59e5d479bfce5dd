import { AppError, type ErrorCode } from "@/server/errors";
import { failure } from "./run-code-fg";

/** An error as it crosses the worker boundary: an AppError keeps its code, message and details. */
export interface SandboxErrorReply {
  code?: ErrorCode;
  message: string;
  details?: unknown;
}

/**
 * The worker's side. A single call and each item of a batch go through this one pair, so an
 * item's error in a batch is the error the same featureMap gets alone.
 */
export function toSandboxError(e: unknown): SandboxErrorReply {
  if (e instanceof Error && e.name === "AppError") {
    const app = e as AppError;
    return { code: app.code, message: app.message, details: app.details };
  }
  const message = typeof e === "object" && e !== null && "message" in e ? (e as { message: unknown }).message : undefined;
  return { message: String(message || e) };
}

/** The caller's side: the AppError again, or a sandbox failure for anything else. */
export function fromSandboxError(error: SandboxErrorReply): AppError {
  if (error.code) return new AppError(error.code, error.message, error.details);
  return failure("sandbox", `The fg sandbox failed: ${error.message}`);
}
