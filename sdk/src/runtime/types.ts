import type { Solution } from "../core/solutions/solution-types";

/** Which configuration a request scores under: the published one (production), or one a caller supplies (the console's draft, a change request). */
export type ConfigSourceName = "published" | "draft" | "change-request";

/** What the runtime needs of an app: its bucketing settings, its solutions and its version keys. */
export interface ScoringConfig {
  app: { name: string; bucketCount: number; hashKey: string; salt: string };
  solutions: Solution[];
  /** Version key -> version, as the config center holds them. */
  versions: Record<string, string>;
  source: ConfigSourceName;
  revision: number | null;
}

/**
 * A request in the articles' format. With `items` it scores one user (origin) against many
 * items: item i is scored with `origin` = the request's origin plus item i's fields (an item field
 * that is also an origin field is a 400 naming it); without `items` it is exactly the articles'
 * single request and answers a ScoreResult.
 */
export interface ScoreRequest {
  app_name: string;
  origin: Record<string, unknown>;
  items?: Record<string, unknown>[];
  options?: {
    bucket?: number;
    solution?: string;
    config?: "published" | "draft";
    /** Set by the console for a change request's candidate; the runtime only names the source. */
    source?: unknown;
    trace?: boolean;
  };
}

export const STAGES = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"] as const;
export type Stage = (typeof STAGES)[number];

export interface TraceStep {
  stage: Stage;
  ok: boolean;
  ms: number;
  input?: unknown;
  output?: unknown;
  error?: { code: string; message: string };
}

/** One feature's lookup, as the trace details show it. */
export interface FeatureQuery {
  feature: string;
  template: string;
  operator?: string;
  table?: string;
  key?: string;
  value?: unknown;
  missing?: boolean;
  ms?: number;
  error?: string;
}

export type Dtype = "float" | "double" | "int32" | "int64" | "string" | "bool";
export type TensorValue = number | string | boolean;

/** What an fg builds: the model's input tensors and the outputs to ask for. */
export interface TensorIO {
  inputs: { name: string; dtype: Dtype; shape: number[]; values: TensorValue[] }[];
  outputs: { name: string; dtype?: Dtype }[];
}

/** A tensor as a Predict answers it. */
export interface OutputTensor {
  dtype: string;
  shape: number[];
  values: ArrayLike<unknown> | unknown[];
}

export interface PredictRequest {
  model: { name: string; version: number };
  inputs: Record<string, { dtype: Dtype; shape: number[]; values: TensorValue[] }>;
  outputFilter: string[];
}

export interface PredictResponse {
  model: unknown;
  outputs: Record<string, OutputTensor>;
}

/** One item's answer in a batch: its outputs and fg log, or its own error (the others still score). */
export type ItemResult =
  | { index: number; outputs: Record<string, { dtype: string; shape: number[]; values: unknown[] }>; log: Record<string, unknown> }
  | { index: number; error: { code: string; message: string; stage: Stage; /** The HTTP status a single request would have answered. */ status?: number } };

/** How a batch reached the model: one stacked Predict (every item's tensors the same shapes, the signature batched) or one per item. */
export interface BatchPredictPlan {
  mode: "stacked" | "per-item";
  calls: number;
  /** Why the items were not stacked (per-item only), e.g. "input x: item 3 has shape [1,8], item 0 [1,4]". */
  reason?: string;
}

/** The answer to a request with `items`: each item in request order. */
export interface BatchScoreResult {
  app: string;
  bucket: number;
  solution: string;
  model: { name: string; version: number; instances: string[] };
  items: ItemResult[];
  predict: BatchPredictPlan;
  trace?: TraceStep[];
  details?: {
    /** Queries of origin-only templates (once per request) and of item templates (`item` set). */
    queries: (FeatureQuery & { item?: number })[];
    /** Per item; null for an item whose features failed (it has none). */
    featureMaps: (Record<string, unknown> | null)[];
    tensorIOs: (TensorIO | null)[];
    predictRequests: unknown[];
  };
}

export interface ScoreResult {
  app: string;
  bucket: number;
  solution: string;
  model: { name: string; version: number; instance: string };
  outputs: Record<string, { dtype: string; shape: number[]; values: unknown[] }>;
  log: Record<string, unknown>;
  trace?: TraceStep[];
  details?: {
    queries: FeatureQuery[];
    featureMap: Record<string, unknown>;
    tensorIO: TensorIO;
    predictRequest: unknown;
    predictResponse: unknown;
  };
}
