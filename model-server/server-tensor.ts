import {
  decodeStringTensorBytes,
  decodeTensor,
  dtypeFromTfName,
  encodeTensor,
  type Tensor,
  type TensorProtoObject,
} from "@/server/tfs/tensor-codec";

/**
 * A tensor inside the dev server: TF dtype names, numbers for every numeric dtype (int64
 * too: the models here are small), raw bytes for strings so binary values survive.
 */
export type NumericDtype = "DT_FLOAT" | "DT_DOUBLE" | "DT_INT32" | "DT_INT64";

export type ServerTensor =
  | { dtype: NumericDtype; shape: number[]; values: number[] }
  | { dtype: "DT_STRING"; shape: number[]; values: Uint8Array[] }
  | { dtype: "DT_BOOL"; shape: number[]; values: boolean[] };

export function tensorFromProto(proto: TensorProtoObject): ServerTensor {
  const dtype = dtypeFromTfName(proto.dtype);
  if (dtype === "string") return { dtype: "DT_STRING", ...decodeStringTensorBytes(proto) };
  const t = decodeTensor(proto) as Exclude<Tensor, { dtype: "string" }>;
  switch (t.dtype) {
    case "bool":
      return { dtype: "DT_BOOL", shape: t.shape, values: t.values };
    case "int64":
      return { dtype: "DT_INT64", shape: t.shape, values: t.values.map(Number) };
    case "float":
      return { dtype: "DT_FLOAT", shape: t.shape, values: t.values };
    case "double":
      return { dtype: "DT_DOUBLE", shape: t.shape, values: t.values };
    case "int32":
      return { dtype: "DT_INT32", shape: t.shape, values: t.values };
  }
}

export function tensorToProto(t: ServerTensor): TensorProtoObject {
  switch (t.dtype) {
    case "DT_STRING":
      return encodeTensor({ dtype: "string", shape: t.shape, values: t.values });
    case "DT_BOOL":
      return encodeTensor({ dtype: "bool", shape: t.shape, values: t.values });
    case "DT_INT64":
      return encodeTensor({ dtype: "int64", shape: t.shape, values: t.values });
    case "DT_FLOAT":
      return encodeTensor({ dtype: "float", shape: t.shape, values: t.values });
    case "DT_DOUBLE":
      return encodeTensor({ dtype: "double", shape: t.shape, values: t.values });
    case "DT_INT32":
      return encodeTensor({ dtype: "int32", shape: t.shape, values: t.values });
  }
}

/** A float32 tensor; values are rounded to float32 as TensorFlow would hold them. */
export function floatTensor(shape: number[], values: number[]): ServerTensor {
  return { dtype: "DT_FLOAT", shape, values: values.map(Math.fround) };
}
