import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import type { ModelConfig } from "@/server/tfs/model-config";
import { addTfsServices } from "./grpc-service";
import { ModelManager } from "./model-manager";
import { startRegistration, type RegistryOptions } from "./register-instance";
import { createRestServer } from "./rest-server";

/**
 * The dev model server: TF Serving's gRPC services and REST routes on 127.0.0.1, over the
 * model manager. A development tool, not TF Serving (docs/model-server.md).
 */
export interface ModelServerOptions {
  models: ModelConfig[];
  /** 0: any free port. */
  grpcPort?: number;
  /** 0: any free port. */
  restPort?: number;
  /** How often base paths are re-read for new versions; <= 0: only on config changes. Default 1. */
  pollIntervalSeconds?: number;
  /** How long a version stays LOADING, so a console can watch it. Default 200. */
  loadDelayMs?: number;
  allowVersionLabelsForUnavailableModels?: boolean;
  registry?: RegistryOptions;
  log?: (message: string) => void;
}

export interface RunningModelServer {
  grpcPort: number;
  restPort: number;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";

export async function startModelServer(options: ModelServerOptions): Promise<RunningModelServer> {
  const log = options.log ?? ((m: string) => console.log(`[model-server] ${m}`));
  const manager = new ModelManager({
    loadDelayMs: options.loadDelayMs ?? 200,
    pollIntervalMs: (options.pollIntervalSeconds ?? 1) * 1000,
    allowVersionLabelsForUnavailableModels: options.allowVersionLabelsForUnavailableModels ?? false,
    log,
  });
  const grpcServer = new grpc.Server();
  const restServer = createRestServer(manager);
  try {
    // Like TF Serving: the initial models load (and labels are checked) before ports open.
    await manager.reloadConfig(options.models);
    addTfsServices(grpcServer, manager);
    const grpcPort = await new Promise<number>((resolve, reject) =>
      grpcServer.bindAsync(`${HOST}:${options.grpcPort ?? 0}`, grpc.ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port))),
    );
    await new Promise<void>((resolve, reject) => {
      restServer.once("error", reject);
      restServer.listen(options.restPort ?? 0, HOST, resolve);
    });
    const restPort = (restServer.address() as AddressInfo).port;
    log(`Running gRPC ModelServer at ${HOST}:${grpcPort}; REST API at ${HOST}:${restPort}`);

    const registration = options.registry
      ? startRegistration(options.registry, { grpcPort, restPort, models: () => manager.servedModelNames(), log })
      : undefined;

    return {
      grpcPort,
      restPort,
      async close() {
        registration?.stop();
        manager.close();
        grpcServer.forceShutdown();
        restServer.closeAllConnections();
        await new Promise<void>((resolve) => restServer.close(() => resolve()));
      },
    };
  } catch (e) {
    manager.close();
    grpcServer.forceShutdown();
    restServer.close();
    throw e;
  }
}
