import type { ModelSignature } from "./ports";
import type { OutputTensor, TensorIO } from "./types";

export type PlainTensor = { dtype: string; shape: number[]; values: unknown[] };

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const shapeText = (s: readonly number[]) => `[${s.join(",")}]`;

/**
 * Whether the items' TensorIOs can go to the model as one Predict, and that Predict's TensorIO.
 * They stack when every item has the same inputs (names, dtypes, shapes) and outputs, and the
 * model's signature gives each input a batch dimension (-1 or null first): an item's tensor of
 * the signature's rank with a first dimension of 1, or one dimension short of it, becomes one row
 * of an [items, ...] tensor. Otherwise the reason, for the trace.
 */
export function stackTensors(
  ios: { index: number; io: TensorIO }[],
  signature: ModelSignature | null | undefined,
): { io: TensorIO } | { reason: string } {
  const [first, ...rest] = ios;
  if (!first) return { reason: "no item to score" };
  const names = first.io.inputs.map((t) => t.name);
  for (const { index, io } of rest) {
    const theirs = io.inputs.map((t) => t.name);
    if (!same([...theirs].sort(), [...names].sort())) {
      return { reason: `inputs differ: item ${index} has ${theirs.join(", ") || "none"}, item ${first.index} ${names.join(", ") || "none"}` };
    }
    for (const t of first.io.inputs) {
      const other = io.inputs.find((x) => x.name === t.name)!;
      if (other.dtype !== t.dtype) return { reason: `mixed dtypes: input ${t.name} is ${other.dtype} in item ${index}, ${t.dtype} in item ${first.index}` };
      if (!same(other.shape, t.shape) || other.values.length !== t.values.length) {
        return { reason: `shapes differ: input ${t.name} has shape ${shapeText(other.shape)} in item ${index}, ${shapeText(t.shape)} in item ${first.index}` };
      }
    }
    const outs = io.outputs.map((o) => o.name);
    if (!same(outs, first.io.outputs.map((o) => o.name))) return { reason: `outputs differ: item ${index} asks for ${outs.join(", ")}` };
  }
  if (signature === undefined) return { reason: "no signature: the runtime has no modelSignature port" };
  if (signature === null) return { reason: "no signature: the model's signature is not known" };

  const inputs: TensorIO["inputs"] = [];
  for (const t of first.io.inputs) {
    const sig = signature.inputs[t.name];
    if (!sig) return { reason: `the model's signature has no input ${t.name}` };
    if (sig.shape === null || sig.shape.length === 0 || !(sig.shape[0] === -1 || sig.shape[0] === null)) {
      const shown = sig.shape === null ? "an unknown rank" : `shape ${shapeText(sig.shape)}`;
      return { reason: `model without a batch dimension: input ${t.name} has ${shown} in its signature` };
    }
    let row: number[];
    if (t.shape.length === sig.shape.length && t.shape[0] === 1) row = t.shape.slice(1);
    else if (t.shape.length === sig.shape.length - 1) row = t.shape;
    else return { reason: `input ${t.name}: an item's shape ${shapeText(t.shape)} is not one row of the signature's ${shapeText(sig.shape)}` };
    const values = new Array(t.values.length * ios.length);
    ios.forEach(({ io }, n) => {
      const src = io.inputs.find((x) => x.name === t.name)!.values;
      for (let k = 0; k < src.length; k++) values[n * src.length + k] = src[k];
    });
    inputs.push({ name: t.name, dtype: t.dtype, shape: [ios.length, ...row], values });
  }
  return { io: { inputs, outputs: first.io.outputs } };
}

/**
 * A stacked Predict's outputs split back per item: each output's first dimension must be the
 * number of items, and each item gets its rows as a batch of one. Otherwise the reason.
 */
export function splitOutputs(outputs: Record<string, OutputTensor>, items: number): { items: Record<string, PlainTensor>[] } | { reason: string } {
  const per: Record<string, PlainTensor>[] = Array.from({ length: items }, () => ({}));
  for (const [name, tensor] of Object.entries(outputs)) {
    const length = tensor.values.length;
    if (tensor.shape[0] !== items || length % items !== 0) {
      return { reason: `output ${name} has shape ${shapeText(tensor.shape)}, not one row per item for ${items} items` };
    }
    const size = length / items;
    const shape = [1, ...tensor.shape.slice(1)];
    for (let n = 0; n < items; n++) per[n]![name] = { dtype: tensor.dtype, shape, values: Array.prototype.slice.call(tensor.values, n * size, (n + 1) * size) };
  }
  return { items: per };
}

/** A Predict answer's tensor with plain values, as a single request answers it. */
export function plainTensor(tensor: OutputTensor): PlainTensor {
  return { dtype: tensor.dtype, shape: tensor.shape, values: [...(tensor.values as ArrayLike<unknown> & Iterable<unknown>)] };
}
