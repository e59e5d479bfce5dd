// The scoring runtime (README.md beside this file): the pipeline a scoring service runs, with its
// ports. It depends on nothing of the console (no database, no Next.js).
export * from "./types";
export * from "./ports";
export * from "./scoring-error";
export * from "./feature-map";
export * from "./tracer";
export * from "./query-features";
export * from "./resolve-model";
export * from "./predict-with-failover";
export * from "./score";
export * from "./score-batch";
export * from "./check-items";
export * from "./stack-tensors";
export * from "./create-runtime";
export * from "./adapters";
export * from "./feature-log";
export * from "./report-scored";
