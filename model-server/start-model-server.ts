import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { ModelConfig } from "@/server/tfs/model-config";
import { addTfsServices } from "./grpc-service";
import { ModelManager } from "./model-manager";
import { pollConfigFile } from "./poll-config-file";
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
  /**
   * TF Serving's --model_config_file_poll_wait_seconds: the file is re-read every
   * `pollSeconds` and applied when it changed, or when a HandleReloadConfigRequest applied
   * another config since (TF Serving re-applies it on every poll: the file wins).
   */
  modelConfigFile?: { path: string; pollSeconds: number };
  /** TF Serving's --grpc_socket_path: gRPC on this Unix socket too. */
  grpcSocketPath?: string;
  /** TF Serving's --grpc_channel_arguments, given to the gRPC server. */
  grpcChannelArguments?: Record<string, string | number>;
  /** TF Serving's --rest_api_timeout_in_ms: accepted, a no-op (inference here is instant). */
  restApiTimeoutMs?: number;
  /** Dev only: a loaded version whose folder vanishes stays loaded while the config wants it. */
  keepVanishedVersions?: boolean;
  /** TF Serving's --enable_batching: accepted, a no-op (requests run one by one). */
  enableBatching?: boolean;
  /** Dev only (--model_roots): a config with a local base path outside these folders is refused. */
  modelRoots?: string[];
  registry?: RegistryOptions;
  log?: (message: string) => void;
}

export interface RunningModelServer {
  grpcPort: number;
  /** `unix:<path>` when grpcSocketPath was given. */
  grpcSocketAddress?: string;
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
    keepVanishedVersions: options.keepVanishedVersions ?? false,
    modelRoots: options.modelRoots ?? [],
    log,
  });
  const grpcServer = new grpc.Server(options.grpcChannelArguments ?? {});
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
    let grpcSocketAddress: string | undefined;
    if (options.grpcSocketPath) {
      grpcSocketAddress = `unix:${path.resolve(options.grpcSocketPath)}`;
      fs.rmSync(path.resolve(options.grpcSocketPath), { force: true }); // a socket left by an earlier run
      await new Promise<number>((resolve, reject) =>
        grpcServer.bindAsync(grpcSocketAddress as string, grpc.ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port))),
      );
    }
    const restPort = (restServer.address() as AddressInfo).port;
    log(`Running gRPC ModelServer at ${HOST}:${grpcPort}${grpcSocketAddress ? ` and ${grpcSocketAddress}` : ""}; REST API at ${HOST}:${restPort}`);
    const configPoll = options.modelConfigFile ? pollConfigFile(manager, options.modelConfigFile, log) : undefined;

    const registration = options.registry
      ? startRegistration(options.registry, { grpcPort, restPort, models: () => manager.servedModelNames(), log })
      : undefined;

    return {
      grpcPort,
      grpcSocketAddress,
      restPort,
      async close() {
        configPoll?.stop();
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
