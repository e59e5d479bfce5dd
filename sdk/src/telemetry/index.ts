// What a scoring service reports to the console (README "Telemetry"): per-minute aggregates and their reporter.
export { createTelemetryAggregator, releaseLabel, type AggregatorOptions, type Drained, type ScoredRequest, type TelemetryAggregator } from "./create-aggregator";
export { createTelemetryReporter, type ReporterOptions, type ReporterStats, type TelemetryReporter } from "./create-reporter";
export * from "../core/telemetry";
