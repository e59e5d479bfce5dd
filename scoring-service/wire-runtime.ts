import { createConfigClient } from "@/sdk/src/create-config-client";
import type { ConfigClient } from "@/sdk/src/core/published/types";
import { createConsoleApi } from "@/sdk/src/runtime/adapters/console-api";
import { consoleFgPackages } from "@/sdk/src/runtime/adapters/console-fg-packages";
import { consoleRegistry } from "@/sdk/src/runtime/adapters/console-registry";
import type { FeatureTables } from "@/sdk/src/runtime/adapters/feature-tables";
import { createScoringRuntime, type ScoringRuntime } from "@/sdk/src/runtime/create-runtime";
import type { ScoringPorts } from "@/sdk/src/runtime/ports";
import type { RuntimeHooks } from "@/sdk/src/runtime/report-scored";
import { ScoringError } from "@/sdk/src/runtime/scoring-error";
import type { FgPackage } from "@/server/contracts/fg";
import { runFg } from "@/server/fg/run-fg";
import { runFgBatchSettled } from "@/server/fg/run-fg-batch-settled";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import type { TensorInput } from "@/server/tfs/tensor-codec";
import { createConsoleAnswersCache } from "./console-answers-cache";
import { createFeatureTables } from "./feature-tables-module";
import { modelSignatures } from "./model-signature";
import type { ServiceOptions } from "./options";
import { releaseSnapshots, type ReleaseSnapshots } from "./release-snapshot";

export interface WiredRuntime {
  runtime: ScoringRuntime;
  config: ConfigClient;
  snapshots: ReleaseSnapshots;
  /** The model's registered instances (the same cached lookup Predict uses). */
  instances(model: string): Promise<string[]>;
  close(): Promise<void>;
}

const log = (line: string) => console.warn(`[scoring-service] ${line}`);

/**
 * The runtime over production adapters: the release from the config client (console long-poll or
 * etcd, with its cache file), table definitions, fg packages and the registry from the console's
 * API (answered from the last known answers while the console is down), Redis read directly over
 * this service's own connections, the console's fg engine and gRPC client for TF Serving.
 */
export async function wireRuntime(
  options: ServiceOptions,
  hooks: { onConsoleUnanswered?: (path: string) => void; runtime?: RuntimeHooks } = {},
): Promise<WiredRuntime> {
  const onError = (e: Error) => log(e.message);
  const common = { app: options.app, onError, ...(options.cacheFile ? { cacheFile: options.cacheFile } : {}) };
  const answers = await createConsoleAnswersCache({
    consoleUrl: options.consoleUrl,
    file: options.cacheFile ? `${options.cacheFile}.console.json` : null,
    onError,
    ...(hooks.onConsoleUnanswered ? { onStale: hooks.onConsoleUnanswered } : {}),
  });
  const config = await createConfigClient(
    options.etcd ? { ...common, etcd: options.etcd } : { ...common, url: options.consoleUrl, token: options.token },
  );
  const api = createConsoleApi({ url: options.consoleUrl, token: options.token, timeoutMs: options.consoleTimeoutMs, fetch: answers.fetch });
  const tables: FeatureTables = createFeatureTables({ api, connections: options.connections, redisCommandTimeoutMs: options.redisTimeoutMs });
  const instances = consoleRegistry(api);
  const snapshots = releaseSnapshots(config, options.app);
  const failing = new Map<string, string>();

  const ports: ScoringPorts<FgPackage> = {
    loadConfig: snapshots.loadConfig,
    openTable: tables.openTable,
    fetchFg: consoleFgPackages<FgPackage>(api),
    runFg: (pkg, featureMap) => runFg(pkg, featureMap),
    // A batch goes to the fg sandbox in one message; items its own limits stopped rerun alone, as trial scoring does.
    runFgBatch: (pkg, featureMaps) => runFgBatchSettled(pkg, featureMaps),
    instances,
    modelSignature: modelSignatures(instances),
    predict: async (instance, request, { timeoutMs }) => {
      try {
        return await getTfsClient(instance).predict({ ...request, inputs: request.inputs as Record<string, TensorInput> }, { timeoutMs });
      } catch (e) {
        // This service never cancels a call: a CANCELLED one was cut by the instance (shutting down, dying), so the next instance is tried.
        if ((e as { status?: unknown }).status === 499) throw new ScoringError("unavailable", `the instance cancelled the call: ${(e as Error).message}`);
        throw e;
      }
    },
    // Once per change per instance: a dead instance under traffic would otherwise fill the log.
    onInstanceFailure: (instance, e) => {
      const message = e instanceof Error ? e.message : String(e);
      if (failing.get(instance) === message) return;
      failing.set(instance, message);
      log(`Predict on ${instance} failed, skipped for the next instance: ${message}`);
    },
    onInstanceAnswer: (instance) => {
      if (failing.delete(instance)) log(`${instance} answers again`);
    },
    logUnexpected: (where, e) => console.error(where, e),
  };

  return {
    runtime: createScoringRuntime(ports, hooks.runtime ?? {}),
    config,
    snapshots,
    instances,
    async close() {
      await config.close();
      await tables.close();
      await answers.flush();
      closeTfsClients();
    },
  };
}
