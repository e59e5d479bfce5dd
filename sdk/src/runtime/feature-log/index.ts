// The feature log (README.md one folder up, "Feature logging"): a sample of scored requests as JSON lines.
export * from "./serialize-tensor-io";
export * from "./feature-log-record";
export * from "./create-feature-logger";
export * from "./file-sink";
export * from "./redis-stream-sink";
