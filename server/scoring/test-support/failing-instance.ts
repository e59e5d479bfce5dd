import * as grpc from "@grpc/grpc-js";
import { loadTfsProtos } from "@/server/tfs/load-protos";

/**
 * A real gRPC server that is no working model server: every Predict fails with `code` (e.g.
 * INTERNAL, INVALID_ARGUMENT), or, with `code` null, it serves no service at all, so gRPC itself
 * answers UNIMPLEMENTED (a port where something else speaks gRPC).
 */
export async function startFailingInstance(code: grpc.status | null, message = "failing on purpose"): Promise<{ address: string; close(): Promise<void> }> {
  const server = new grpc.Server();
  if (code !== null) {
    const fail: grpc.handleUnaryCall<unknown, unknown> = (_call, callback) => callback({ code, details: message });
    server.addService(loadTfsProtos().PredictionService.service, { Predict: fail, Classify: fail, Regress: fail, MultiInference: fail, GetModelMetadata: fail });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
