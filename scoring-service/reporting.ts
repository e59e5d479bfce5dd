import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { createFeatureLogger, type FeatureLogger } from "@/sdk/src/runtime/feature-log/create-feature-logger";
import { fileFeatureLogSink } from "@/sdk/src/runtime/feature-log/file-sink";
import type { RuntimeHooks } from "@/sdk/src/runtime/report-scored";
import { createTelemetryAggregator } from "@/sdk/src/telemetry/create-aggregator";
import { createTelemetryReporter, type TelemetryReporter } from "@/sdk/src/telemetry/create-reporter";
import type { ServiceOptions } from "./options";

export interface ServiceReporting {
  /** The runtime's hooks (none when both are off). */
  hooks: RuntimeHooks;
  /** This process's name in the console's instance list (random per start). */
  instance: string;
  /** Sends what is left and closes the log, waiting at most `timeoutMs`: a dead console must not hold up an exit. */
  stop(timeoutMs: number): Promise<void>;
}

/** Deadline of one telemetry POST: short, so a SIGTERM's last report cannot hang the exit. */
const POST_TIMEOUT_MS = 5_000;

/**
 * The service's telemetry (aggregator + reporter to the console's POST /api/v1/telemetry, one
 * report per interval) and feature log (a rotated JSON-lines file), from its options.
 */
export function startReporting(options: ServiceOptions, log: (line: string) => void): ServiceReporting {
  const instance = randomUUID();
  let reporter: TelemetryReporter | null = null;
  let featureLog: FeatureLogger | null = null;
  const hooks: RuntimeHooks = { onHookError: (e) => log(`a reporting hook failed: ${e instanceof Error ? e.message : String(e)}`) };
  if (options.telemetry) {
    const aggregator = createTelemetryAggregator();
    reporter = createTelemetryReporter({
      url: options.consoleUrl,
      token: options.telemetry.token,
      aggregator,
      intervalMs: options.telemetry.intervalMs,
      instance,
      host: hostname(),
      timeoutMs: POST_TIMEOUT_MS,
      onError: (e) => log(`telemetry: ${e.message}`),
    });
    reporter.start();
    hooks.telemetry = aggregator;
    log(`telemetry: instance ${instance}, a report every ${options.telemetry.intervalMs} ms`);
  }
  if (options.featureLog) {
    const { file, sample } = options.featureLog;
    featureLog = createFeatureLogger({ sink: fileFeatureLogSink({ path: file }), sampleRate: sample, onError: (e) => log(`feature log: ${e instanceof Error ? e.message : String(e)}`) });
    hooks.featureLog = featureLog;
    log(`feature log: ${file}, ${sample} of requests`);
  }
  return {
    hooks,
    instance,
    async stop(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled([reporter?.stop(), featureLog?.close()]), late]);
      clearTimeout(timer);
    },
  };
}
