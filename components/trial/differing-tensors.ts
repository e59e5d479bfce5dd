import type { ScoreResponse } from "@/server/contracts/scoring";
import type { TensorRow } from "./tensor-table";

export interface DifferingTensors {
  /** Output tensors whose values differ, by name. */
  outputs: Set<string>;
  /** TensorIO input tensors that differ in dtype, shape or values, by name. */
  inputs: Set<string>;
}

/** The input tensors of a result's TensorIO (present when it was scored with the trace). */
export function inputRows(r: ScoreResponse): TensorRow[] {
  return r.details?.tensorIO.inputs ?? [];
}

/**
 * What a comparison marks: a tensor differs when its content differs or only one side has it.
 * Inputs count too: two solutions that give different scores from the same inputs point at the
 * model, different inputs at the features or the fg.
 */
export function differingTensors(a: ScoreResponse, b: ScoreResponse): DifferingTensors {
  const outputs = new Set<string>();
  for (const t of new Set([...Object.keys(a.outputs), ...Object.keys(b.outputs)])) {
    if (JSON.stringify(a.outputs[t]?.values) !== JSON.stringify(b.outputs[t]?.values)) outputs.add(t);
  }
  const inputs = new Set<string>();
  const byName = (rows: TensorRow[]) => new Map(rows.map((t) => [t.name, JSON.stringify([t.dtype, t.shape, t.values])]));
  const ia = byName(inputRows(a));
  const ib = byName(inputRows(b));
  for (const t of new Set([...ia.keys(), ...ib.keys()])) {
    if (ia.get(t) !== ib.get(t)) inputs.add(t);
  }
  return { outputs, inputs };
}
