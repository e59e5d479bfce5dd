import { status as GrpcStatus } from "@grpc/grpc-js";
import { isAppError } from "@/server/errors";

/**
 * An error as TF Serving reports it: a canonical status code (the gRPC codes) and TF
 * Serving's own message. gRPC answers it as the call status; REST as
 * `{"error": message}` with the mapped HTTP status.
 */
export class ServingError extends Error {
  constructor(
    readonly code: GrpcStatus,
    message: string,
  ) {
    super(message);
    this.name = "ServingError";
  }
}

export const invalidArgument = (message: string) => new ServingError(GrpcStatus.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new ServingError(GrpcStatus.NOT_FOUND, message);
export const failedPrecondition = (message: string) => new ServingError(GrpcStatus.FAILED_PRECONDITION, message);
export const unimplemented = (message: string) => new ServingError(GrpcStatus.UNIMPLEMENTED, message);

/** Anything thrown while serving a request, as a ServingError. */
export function toServingError(e: unknown): ServingError {
  if (e instanceof ServingError) return e;
  // AppErrors come from the shared codec and mean the request's data was malformed.
  if (isAppError(e)) return invalidArgument(e.message);
  return new ServingError(GrpcStatus.INTERNAL, e instanceof Error ? e.message : String(e));
}
