import { afterAll, afterEach } from "vitest";
import { closeTfsClients, getTfsClient, type TfsGrpcClient } from "@/server/tfs/grpc-client";
import type { ModelServerOptions, RunningModelServer } from "./start-model-server";
import { removeTempDirs, startQuietServer } from "./test-support";

/**
 * For a test file of the dev model server whose tests each start one server: `start` starts it
 * and gives a gRPC client of it. After each test the clients and the server close (a failed
 * test leaves nothing running for the next); after the file the temp folders go. Call it once,
 * at the top of the file or of its describe.
 */
export function serverPerTest(): { start(options: ModelServerOptions): Promise<{ server: RunningModelServer; client: TfsGrpcClient }> } {
  let server: RunningModelServer | undefined;
  afterEach(async () => {
    closeTfsClients();
    await server?.close();
    server = undefined;
  });
  afterAll(removeTempDirs);
  return {
    async start(options) {
      server = await startQuietServer(options);
      return { server, client: getTfsClient(`127.0.0.1:${server.grpcPort}`) };
    },
  };
}
