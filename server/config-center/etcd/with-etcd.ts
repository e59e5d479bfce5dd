import { GRPCInvalidArgumentError } from "etcd3";
import { AppError, isAppError } from "@/server/errors";

/**
 * Runs one etcd call and turns whatever the outside world throws (connection refused,
 * deadline exceeded, an open circuit breaker, a closed client) into `unavailable`: to the
 * domain, etcd is either there or not; the cause stays in the details for the logs. The one
 * exception is etcd refusing the request itself (`INVALID_ARGUMENT`: "request is too large"
 * above its --max-request-bytes, "too many operations in txn request" above its --max-txn-ops):
 * the same request would be refused forever, so it is `unprocessable` and the outbox fails the
 * release with etcd's reason instead of retrying it (server/outbox/classify-error.ts).
 */
export async function withEtcd<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isAppError(error)) throw error;
    if (error instanceof GRPCInvalidArgumentError) {
      throw new AppError("unprocessable", `etcd refused the request (${what})`, { cause: error.message });
    }
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
