import { AppError } from "@/server/errors";

/**
 * Tensors <-> tensorflow.TensorProto objects (snake_case, as @grpc/proto-loader gives and
 * takes them with longs/enums as strings). Six dtypes are supported; strings are utf-8
 * here (binary strings are the REST layer's business, as `{"b64": ...}`).
 */
export type TensorDtype = "float" | "double" | "int32" | "int64" | "string" | "bool";

export type Tensor =
  | { dtype: "float" | "double" | "int32"; shape: number[]; values: number[] }
  /** Decimal strings: int64 does not fit a JS number. */
  | { dtype: "int64"; shape: number[]; values: string[] }
  | { dtype: "string"; shape: number[]; values: string[] }
  | { dtype: "bool"; shape: number[]; values: boolean[] };

/** What encodeTensor accepts: int64 also as numbers/bigints, strings also as raw bytes. */
export type TensorInput =
  | Tensor
  | { dtype: "int64"; shape: number[]; values: Array<string | number | bigint> }
  | { dtype: "string"; shape: number[]; values: Array<string | Uint8Array> };

export interface TensorProtoObject {
  dtype?: string | number;
  tensor_shape?: { dim?: Array<{ size?: string | number; name?: string }>; unknown_rank?: boolean } | null;
  version_number?: number;
  tensor_content?: Uint8Array;
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  int64_val?: Array<string | number>;
  string_val?: Uint8Array[];
  bool_val?: boolean[];
}

export const TF_DTYPE: Record<TensorDtype, string> = {
  float: "DT_FLOAT",
  double: "DT_DOUBLE",
  int32: "DT_INT32",
  int64: "DT_INT64",
  string: "DT_STRING",
  bool: "DT_BOOL",
};

// Enum numbers, for protos decoded without `enums: String`.
const DTYPE_BY_NUMBER: Record<number, string> = { 1: "DT_FLOAT", 2: "DT_DOUBLE", 3: "DT_INT32", 7: "DT_STRING", 9: "DT_INT64", 10: "DT_BOOL" };

const DTYPE_BY_TF_NAME = Object.fromEntries(Object.entries(TF_DTYPE).map(([k, v]) => [v, k])) as Record<string, TensorDtype>;

export function dtypeFromTfName(tfName: string | number | undefined): TensorDtype {
  const name = typeof tfName === "number" ? DTYPE_BY_NUMBER[tfName] : tfName;
  const dtype = name === undefined ? undefined : DTYPE_BY_TF_NAME[name];
  if (!dtype) throw new AppError("unprocessable", `Unsupported tensor dtype ${String(tfName)}`);
  return dtype;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function encodeTensor(tensor: TensorInput): TensorProtoObject {
  const { shape } = tensor;
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new AppError("bad_request", `Invalid tensor shape [${shape.join(",")}]`);
  }
  const expected = elementCount(shape);
  if (tensor.values.length !== expected) {
    throw new AppError("bad_request", `Tensor of shape [${shape.join(",")}] needs ${expected} values, got ${tensor.values.length}`);
  }
  const proto: TensorProtoObject = {
    dtype: TF_DTYPE[tensor.dtype],
    tensor_shape: { dim: shape.map((d) => ({ size: String(d) })) },
  };
  switch (tensor.dtype) {
    case "float":
      proto.float_val = numbers(tensor.values, "float");
      break;
    case "double":
      proto.double_val = numbers(tensor.values, "double");
      break;
    case "int32":
      proto.int_val = numbers(tensor.values, "int32").map((v) => {
        if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new AppError("bad_request", `${v} is not an int32`);
        return v;
      });
      break;
    case "int64":
      proto.int64_val = tensor.values.map(toInt64String);
      break;
    case "string":
      proto.string_val = tensor.values.map((v) => (typeof v === "string" ? Buffer.from(v, "utf8") : v));
      break;
    case "bool":
      proto.bool_val = tensor.values.map((v) => {
        if (typeof v !== "boolean") throw new AppError("bad_request", `${String(v)} is not a bool`);
        return v;
      });
      break;
  }
  return proto;
}

function numbers(values: readonly unknown[], dtype: string): number[] {
  return values.map((v) => {
    if (typeof v !== "number") throw new AppError("bad_request", `${String(v)} is not a ${dtype}`);
    return v;
  });
}

function toInt64String(v: string | number | bigint): string {
  let big: bigint;
  try {
    if (typeof v === "number" && !Number.isSafeInteger(v)) throw new Error("unsafe");
    big = BigInt(v);
  } catch {
    throw new AppError("bad_request", `${String(v)} is not an int64`);
  }
  if (big < INT64_MIN || big > INT64_MAX) throw new AppError("bad_request", `${String(v)} is out of int64 range`);
  return big.toString();
}

export function decodeTensor(proto: TensorProtoObject): Tensor {
  const dtype = dtypeFromTfName(proto.dtype);
  const shape = decodeShape(proto);
  const count = elementCount(shape);
  const content = proto.tensor_content;
  if (content && content.length > 0 && dtype !== "string") {
    return { dtype, shape, values: unpackContent(dtype, content, count) } as Tensor;
  }
  switch (dtype) {
    case "float":
      return { dtype, shape, values: fill(proto.float_val ?? [], count, 0) };
    case "double":
      return { dtype, shape, values: fill(proto.double_val ?? [], count, 0) };
    case "int32":
      return { dtype, shape, values: fill(proto.int_val ?? [], count, 0) };
    case "int64":
      return { dtype, shape, values: fill((proto.int64_val ?? []).map(String), count, "0") };
    case "string":
      return { dtype, shape, values: decodeStringBytes(proto, count).map((b) => Buffer.from(b).toString("utf8")) };
    case "bool":
      return { dtype, shape, values: fill(proto.bool_val ?? [], count, false) };
  }
}

/** The raw bytes of a DT_STRING tensor's values (binary strings stay intact). */
export function decodeStringTensorBytes(proto: TensorProtoObject): { shape: number[]; values: Uint8Array[] } {
  if (dtypeFromTfName(proto.dtype) !== "string") throw new AppError("bad_request", `Expected DT_STRING, got ${String(proto.dtype)}`);
  const shape = decodeShape(proto);
  return { shape, values: decodeStringBytes(proto, elementCount(shape)) };
}

function decodeStringBytes(proto: TensorProtoObject, count: number): Uint8Array[] {
  if (proto.tensor_content && proto.tensor_content.length > 0) {
    throw new AppError("unprocessable", "tensor_content is not supported for DT_STRING");
  }
  return fill(proto.string_val ?? [], count, new Uint8Array(0));
}

export function decodeShape(proto: TensorProtoObject): number[] {
  const shape = proto.tensor_shape;
  if (shape?.unknown_rank) throw new AppError("bad_request", "Tensor has an unknown rank");
  const dims = (shape?.dim ?? []).map((d) => Number(d.size ?? 0));
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new AppError("bad_request", `Invalid tensor shape [${dims.join(",")}]`);
  }
  return dims;
}

// TensorFlow's rule for the *_val fields: fewer values than the shape holds repeat the last
// one (a constant tensor can be sent as a single value); none at all means zeros.
function fill<T>(values: readonly T[], count: number, zero: T): T[] {
  if (values.length > count) {
    throw new AppError("bad_request", `Tensor holds ${values.length} values but its shape holds ${count}`);
  }
  if (values.length === count) return [...values];
  const pad = values.length > 0 ? (values[values.length - 1] as T) : zero;
  return [...values, ...Array<T>(count - values.length).fill(pad)];
}

const BYTES_PER_ELEMENT: Record<Exclude<TensorDtype, "string">, number> = { float: 4, double: 8, int32: 4, int64: 8, bool: 1 };

function unpackContent(dtype: Exclude<TensorDtype, "string">, content: Uint8Array, count: number): Array<number | string | boolean> {
  const width = BYTES_PER_ELEMENT[dtype];
  if (content.length !== width * count) {
    throw new AppError("bad_request", `tensor_content holds ${content.length} bytes; shape and dtype need ${width * count}`);
  }
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const read: (offset: number) => number | string | boolean = {
    float: (o: number) => view.getFloat32(o, true),
    double: (o: number) => view.getFloat64(o, true),
    int32: (o: number) => view.getInt32(o, true),
    int64: (o: number) => view.getBigInt64(o, true).toString(),
    bool: (o: number) => view.getUint8(o) !== 0,
  }[dtype];
  return Array.from({ length: count }, (_, i) => read(i * width));
}
