/**
 * The console-facing shapes of TF Serving's API, shared by the gRPC and REST clients.
 * Plain camelCase objects; the snake_case proto objects stay inside server/tfs.
 */

/** Which model a call is for. No version and no label: the latest available version. */
export interface ModelSpecInput {
  name: string;
  version?: number;
  versionLabel?: string;
  /** Empty: "serving_default". */
  signatureName?: string;
}

/** The model spec the server actually used. */
export interface ResolvedModelSpec {
  name: string;
  version: number | null;
  versionLabel: string | null;
  signatureName: string;
}

export const MODEL_VERSION_STATES = ["UNKNOWN", "START", "LOADING", "AVAILABLE", "UNLOADING", "END"] as const;
export type ModelVersionState = (typeof MODEL_VERSION_STATES)[number];

export interface ModelVersionStatus {
  version: number;
  state: ModelVersionState;
  /** Null when the server reports OK. */
  error: { code: string; message: string } | null;
}

export interface TensorInfo {
  /** Graph tensor name, e.g. "x:0". */
  name: string;
  /** TF dtype name, e.g. "DT_FLOAT". */
  dtype: string;
  /** -1 for an unknown dimension; null when even the rank is unknown. */
  shape: number[] | null;
}

export interface SignatureDefInfo {
  /** tensorflow/serving/predict | classify | regress. */
  methodName: string;
  inputs: Record<string, TensorInfo>;
  outputs: Record<string, TensorInfo>;
}

export interface ModelMetadata {
  model: ResolvedModelSpec;
  signatureDefs: Record<string, SignatureDefInfo>;
}

/**
 * One tf.Example feature. Numbers become a float_list and strings a bytes_list (utf-8);
 * the object forms say so explicitly (int64 values as numbers or decimal strings).
 */
export type FeatureValue =
  | number
  | number[]
  | string
  | string[]
  | { floatList: number[] }
  | { int64List: Array<number | string> }
  | { bytesList: Array<string | Uint8Array> };

export type ExampleFeatures = Record<string, FeatureValue>;

export interface ClassifyInput {
  model: ModelSpecInput;
  examples: ExampleFeatures[];
  /** Features shared by every example. */
  context?: ExampleFeatures;
}

export type RegressInput = ClassifyInput;

export interface ClassifyOutput {
  model: ResolvedModelSpec;
  /** One list of classes per example, in input order. Label is "" when the model has none. */
  classifications: Array<Array<{ label: string; score: number }>>;
}

export interface RegressOutput {
  model: ResolvedModelSpec;
  /** One value per example, in input order. */
  values: number[];
}

export interface CallOptions {
  /** Deadline of this call; default 5 s. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
