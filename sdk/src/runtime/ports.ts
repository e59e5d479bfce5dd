import type { FeatureMap } from "./feature-map";
import type { ConfigSourceName, PredictRequest, PredictResponse, ScoreRequest, ScoringConfig, TensorIO } from "./types";

/** One feature table as the runtime reads it: a value by key, null when the store has none. */
export interface FeatureTableReader {
  getKV(key: string): Promise<unknown>;
  getKKV(key: string): Promise<unknown>;
  /**
   * Many keys in one round trip (Redis MGET or a pipeline, one SQL query for the built-in store):
   * values in the order of `keys`, null where the store has none. Optional: without them the
   * runtime asks key by key, concurrently.
   */
  getKVMany?(keys: string[]): Promise<unknown[]>;
  getKKVMany?(keys: string[]): Promise<unknown[]>;
}

/** One item's fg outcome in a batch: its TensorIO, or the error its build threw. */
export type FgBatchOutcome = { io: TensorIO } | { error: unknown };

/** A model's input signature as its server states it: -1 (or null) in a dimension means any size. */
export interface ModelSignature {
  inputs: Record<string, { dtype: string; shape: number[] | null }>;
}

/**
 * Everything outside the pipeline, injected: the console wires its database, registry and sandbox
 * (server/scoring/wire-scoring-deps.ts); a production service wires the config center, Redis and
 * the console's HTTP API (adapters beside this file). `Pkg` is whatever `fetchFg` returns and
 * `runFg` takes: the runtime never looks inside an fg package.
 */
export interface ScoringPorts<Pkg = unknown> {
  /**
   * The app's configuration under a source ("published" for a production service). `request` is
   * the request being scored, as given to the runtime: a port that pins one release per request
   * (a service switching releases under traffic) finds the request's release by it.
   */
  loadConfig(app: string, source: ConfigSourceName, request?: ScoreRequest): Promise<ScoringConfig>;
  /** A feature table by name; a table nobody registered throws an error with status 404. */
  openTable(table: string): Promise<FeatureTableReader>;
  /** An fg package by class@version, null when that version is not published. */
  fetchFg(className: string, version: string): Promise<Pkg | null>;
  /** Runs an fg on a featureMap: the model's input tensors. */
  runFg(pkg: Pkg, featureMap: FeatureMap): Promise<TensorIO>;
  /**
   * Runs an fg on many featureMaps (a batch) in one go, e.g. one message to a sandbox that calls
   * build() per item; outcomes in input order. Optional: without it the runtime calls runFg per item.
   */
  runFgBatch?(pkg: Pkg, featureMaps: FeatureMap[]): Promise<FgBatchOutcome[]>;
  /**
   * The serving signature of a model version (for stacking a batch along a batch dimension).
   * Optional: without it, or when it answers null, a batch is sent one Predict per item.
   */
  modelSignature?(model: { name: string; version: number }): Promise<ModelSignature | null>;
  /** The model's registered instances (addresses), from the registry only, never from a request. */
  instances(model: string): Promise<string[]>;
  /**
   * One Predict on one instance. An error with a status below 500 is the instance's answer about
   * the request and is passed on; anything else (transport, 5xx, status 503 refused, 504 hung) is
   * the instance's failure and the next instance is tried.
   */
  predict(instance: string, request: PredictRequest, opts: { timeoutMs: number }): Promise<PredictResponse>;
  /** Told of each instance failure (a log, once per change) and of each answer after one. Optional. */
  onInstanceFailure?(instance: string, error: unknown): void;
  onInstanceAnswer?(instance: string): void;
  /** Told of an unexpected error (not a described one) before it becomes a stage's "internal". Optional. */
  logUnexpected?(where: string, error: unknown): void;
  /** How a feature table's error is told in an answer (the console scrubs database errors). Default: its message. */
  errorMessage?(error: unknown): string;
}
