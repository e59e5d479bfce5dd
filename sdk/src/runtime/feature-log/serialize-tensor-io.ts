import type { TensorIO, TensorValue } from "../types";

/**
 * The canonical text of a TensorIO: fixed key order (name, dtype, shape, values; outputs name,
 * dtype), no spaces, numbers as JavaScript prints them (shortest round-trip, -0 as 0), int64
 * as a number when it is a safe integer and a decimal string beyond. Equal tensors give equal
 * bytes, which is how offline output is proved identical to online: the console's offline
 * runner, the feature log and its replay all write TensorIOs with this one function.
 *
 * Float values are the doubles the fg built, before any float32 cast at Predict: two doubles
 * that round to the same float32 still differ here, so the comparison is never looser than what
 * the fg computed.
 */
export function serializeTensorIO(io: TensorIO): string {
  return JSON.stringify({
    inputs: io.inputs.map((t) => ({
      name: t.name,
      dtype: t.dtype,
      shape: t.shape,
      values: t.dtype === "int64" ? t.values.map(canonicalInt64) : t.values,
    })),
    outputs: io.outputs.map((o) => (o.dtype === undefined ? { name: o.name } : { name: o.name, dtype: o.dtype })),
  });
}

function canonicalInt64(v: TensorValue): TensorValue {
  if (typeof v !== "string") return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}
