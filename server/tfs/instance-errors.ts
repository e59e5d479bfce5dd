import { AppError, isAppError } from "@/server/errors";

/** What everyone but an admin reads when an instance failed: nothing about what listens where. */
export const INSTANCE_DID_NOT_ANSWER = "the instance did not answer";

/**
 * A failure of the instance rather than an answer to the request: transport errors and server
 * errors (gRPC UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, UNIMPLEMENTED, DATA_LOSS; HTTP
 * 5xx over REST), anything that is not an AppError. Client errors (INVALID_ARGUMENT, NOT_FOUND,
 * ...) are TF Serving's answer about the request and are passed on as they are.
 */
export function isInstanceFailure(e: unknown): boolean {
  return !isAppError(e) || e.status >= 500;
}

export function rawMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const lastLogged = new Map<string, string>();

/**
 * The raw error goes to the server log, once per instance until it changes: model pages probe
 * every few seconds, and a down instance would otherwise fill the log.
 */
export function logInstanceFailure(address: string, what: string, e: unknown): void {
  const detail = rawMessage(e);
  if (lastLogged.get(address) === detail) return;
  lastLogged.set(address, detail);
  if (lastLogged.size > 1000) lastLogged.delete(lastLogged.keys().next().value!);
  console.warn(`[instances] ${what} on ${address} failed: ${detail}`);
}

/** The instance answered again: its next failure is logged. */
export function forgetInstanceFailure(address: string): void {
  lastLogged.delete(address);
}

/**
 * The error a caller gets for an instance's failure: the same code and status, a generic message,
 * and the raw one as adminDetail (admins only) and in the server log.
 */
export function genericInstanceError(address: string, what: string, e: unknown, message = `${what}: ${INSTANCE_DID_NOT_ANSWER} (${address})`): AppError {
  logInstanceFailure(address, what, e);
  const err = isAppError(e) ? new AppError(e.code, message, { instance: address }, e.status) : new AppError("bad_gateway", message, { instance: address });
  err.adminDetail = rawMessage(e);
  return err;
}
