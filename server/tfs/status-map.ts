import { status as GrpcStatus } from "@grpc/grpc-js";
import { AppError, type ErrorCode } from "@/server/errors";

/**
 * gRPC status -> HTTP status, exactly as TF Serving's REST server maps them
 * (model_servers/http_server.cc ToHTTPStatusCode), and -> the console's AppError.
 */
const HTTP_BY_GRPC: Record<number, number> = {
  [GrpcStatus.OK]: 200,
  [GrpcStatus.CANCELLED]: 499,
  [GrpcStatus.UNKNOWN]: 500,
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.DEADLINE_EXCEEDED]: 504,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.FAILED_PRECONDITION]: 400,
  [GrpcStatus.ABORTED]: 409,
  [GrpcStatus.OUT_OF_RANGE]: 400,
  [GrpcStatus.UNIMPLEMENTED]: 501,
  [GrpcStatus.INTERNAL]: 500,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.DATA_LOSS]: 500,
  [GrpcStatus.UNAUTHENTICATED]: 401,
};

const ERROR_CODE_BY_HTTP: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  429: "rate_limited",
  // 499 (client closed request) has no code of its own; the status carries it.
  499: "bad_request",
  501: "not_implemented",
  502: "bad_gateway",
  503: "unavailable",
  504: "timeout",
};

export function httpStatusForGrpcCode(code: number): number {
  return HTTP_BY_GRPC[code] ?? 500;
}

/** "NOT_FOUND" for 5, etc. */
export function grpcStatusName(code: number): string {
  return (GrpcStatus as unknown as Record<number, string>)[code] ?? "UNKNOWN";
}

export function errorCodeForHttpStatus(httpStatus: number): ErrorCode {
  return ERROR_CODE_BY_HTTP[httpStatus] ?? "internal";
}

/** A failed gRPC call to TF Serving, as the console's error type. */
export function appErrorFromGrpc(code: number, message: string): AppError {
  const httpStatus = httpStatusForGrpcCode(code);
  return new AppError(errorCodeForHttpStatus(httpStatus), message, { grpcCode: code, grpcStatus: grpcStatusName(code) }, httpStatus);
}
