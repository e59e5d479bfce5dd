// The favpush models on a model server in a process of its own (so the benchmark can pin it to a
// core): prints `grpc <port>` once it serves, stops on SIGTERM.
import { startModelServer } from "@/model-server/start-model-server";
import { favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";

const server = await startModelServer({ models: favpushModelConfigs(), grpcPort: 0, restPort: 0, loadDelayMs: 0, pollIntervalSeconds: 0, log: () => undefined });
console.log(`grpc ${server.grpcPort}`);
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
