import type { ServerTensor } from "./server-tensor";

/**
 * A loaded model version: its signatures as GetModelMetadata reports them, and for each
 * signature the code that computes it — or null when this dev server cannot execute it
 * (it then answers UNIMPLEMENTED, never a made-up number).
 */
export const PREDICT_METHOD = "tensorflow/serving/predict";
export const CLASSIFY_METHOD = "tensorflow/serving/classify";
export const REGRESS_METHOD = "tensorflow/serving/regress";
export const DEFAULT_SIGNATURE = "serving_default";

export interface TensorInfoObject {
  name: string;
  dtype: string;
  tensor_shape: { dim: Array<{ size: string | number; name?: string }>; unknown_rank?: boolean };
}

/** tensorflow.SignatureDef as a proto object, ready to be encoded into metadata. */
export interface SignatureDefObject {
  inputs: Record<string, TensorInfoObject>;
  outputs: Record<string, TensorInfoObject>;
  method_name: string;
}

export type SignatureRunner = (inputs: Record<string, ServerTensor>) => Record<string, ServerTensor>;

export interface ServableSignature {
  def: SignatureDefObject;
  run: SignatureRunner | null;
}

export interface Servable {
  /** What the version folder held, e.g. "half_plus_two", "logistic_regression". */
  kind: string;
  signatures: Record<string, ServableSignature>;
  /** Why `run` is null, for the UNIMPLEMENTED message. */
  notExecutableReason?: string;
}

export function tensorInfo(name: string, dtype: string, shape: number[]): TensorInfoObject {
  return { name, dtype, tensor_shape: { dim: shape.map((size) => ({ size: String(size) })) } };
}
