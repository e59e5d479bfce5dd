import { status as GrpcStatus } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { appErrorFromGrpc, httpStatusForGrpcCode } from "./status-map";

describe("status map", () => {
  it.each([
    ["OK", GrpcStatus.OK, 200],
    ["CANCELLED", GrpcStatus.CANCELLED, 499],
    ["UNKNOWN", GrpcStatus.UNKNOWN, 500],
    ["INVALID_ARGUMENT", GrpcStatus.INVALID_ARGUMENT, 400],
    ["DEADLINE_EXCEEDED", GrpcStatus.DEADLINE_EXCEEDED, 504],
    ["NOT_FOUND", GrpcStatus.NOT_FOUND, 404],
    ["ALREADY_EXISTS", GrpcStatus.ALREADY_EXISTS, 409],
    ["PERMISSION_DENIED", GrpcStatus.PERMISSION_DENIED, 403],
    ["RESOURCE_EXHAUSTED", GrpcStatus.RESOURCE_EXHAUSTED, 429],
    ["FAILED_PRECONDITION", GrpcStatus.FAILED_PRECONDITION, 400],
    ["ABORTED", GrpcStatus.ABORTED, 409],
    ["OUT_OF_RANGE", GrpcStatus.OUT_OF_RANGE, 400],
    ["UNIMPLEMENTED", GrpcStatus.UNIMPLEMENTED, 501],
    ["INTERNAL", GrpcStatus.INTERNAL, 500],
    ["UNAVAILABLE", GrpcStatus.UNAVAILABLE, 503],
    ["DATA_LOSS", GrpcStatus.DATA_LOSS, 500],
    ["UNAUTHENTICATED", GrpcStatus.UNAUTHENTICATED, 401],
  ])("maps %s to HTTP %i like TF Serving", (_name, code, http) => {
    expect(httpStatusForGrpcCode(code)).toBe(http);
  });

  it("builds an AppError carrying the gRPC status", () => {
    const err = appErrorFromGrpc(GrpcStatus.FAILED_PRECONDITION, "not available");
    expect(err).toMatchObject({ code: "bad_request", status: 400, message: "not available" });
    expect(err.details).toEqual({ grpcCode: 9, grpcStatus: "FAILED_PRECONDITION" });
    expect(appErrorFromGrpc(GrpcStatus.DEADLINE_EXCEEDED, "slow")).toMatchObject({ code: "timeout", status: 504 });
  });
});
