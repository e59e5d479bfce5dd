export { createConfigClient } from "./create-config-client";
export { bucketOf } from "./core/bucketing";
export {
  ConfigClientError,
  type AppSettings,
  type ConfigClient,
  type ConfigClientErrorCode,
  type ConfigClientOptions,
  type EtcdClientOptions,
  type HttpClientOptions,
  type PickedSolution,
  type PublishedConfig,
  type Solution,
} from "./core/published/types";

// The scoring runtime (runtime/README.md): the pipeline a TypeScript scoring service runs, and its adapters.
export * from "./runtime";

// Telemetry (README "Telemetry"): per-minute aggregates a scoring service reports to the console.
export * from "./telemetry";
