import { itemFailure, type ItemFailure } from "./item-error";
import type { ModelSignature, ScoringPorts } from "./ports";
import { predictRequestOf, predictWithFailover, type InstanceRotation, type PredictDeadlines, type PredictOutcome } from "./predict-with-failover";
import { describeError, safeMessage } from "./scoring-error";
import { plainTensor, splitOutputs, stackTensors, type PlainTensor } from "./stack-tensors";
import type { BatchPredictPlan, PredictRequest, TensorIO } from "./types";

export interface BatchPrediction {
  plan: BatchPredictPlan;
  /** By item index: its outputs, or its Predict's failure (per-item mode only). */
  outcomes: Map<number, { outputs: Record<string, PlainTensor> } | { failure: ItemFailure }>;
  requests: PredictRequest[];
  /** The calls that answered, in the order sent. */
  answered: PredictOutcome[];
  /** Failures of instances skipped on the way. */
  skipped: PredictOutcome["skipped"];
  /** The longest Predict RPC as the client saw it (calls run concurrently). */
  rpcMs: number;
}

/**
 * The batch's Predict: one stacked call when stackTensors allows it and the outputs split back,
 * otherwise one call per item, concurrently (the plan says why; a stacked call the model refuses,
 * or whose outputs do not split, is sent again per item). No instance answering the stacked call
 * fails the batch; per item, each item gets its own failure unless every call failed, which is
 * the model's failure and the batch's (thrown).
 */
export async function predictBatch(
  ports: Pick<ScoringPorts, "predict" | "onInstanceFailure" | "onInstanceAnswer" | "modelSignature" | "logUnexpected">,
  rotation: InstanceRotation,
  instances: string[],
  model: { name: string; version: number },
  ios: { index: number; io: TensorIO }[],
  deadlines?: PredictDeadlines,
): Promise<BatchPrediction> {
  const out: BatchPrediction = { plan: { mode: "per-item", calls: 0 }, outcomes: new Map(), requests: [], answered: [], skipped: [], rpcMs: 0 };
  if (ios.length === 0) {
    out.plan.reason = "no item to score";
    return out;
  }
  let reason = "one item";
  if (ios.length > 1) {
    const stacked = stackTensors(ios, await signatureOf(ports, model));
    if ("io" in stacked) {
      out.plan.calls = 1;
      out.requests.push(predictRequestOf(model, stacked.io));
      let p: PredictOutcome | null = null;
      try {
        p = await predictWithFailover(ports, rotation, instances, model, stacked.io, deadlines);
      } catch (e) {
        // The model refusing the stacked tensors (its signature said otherwise) is worth one try per
        // item; no instance answering is the batch's failure.
        const refused = describeError(e);
        if (!refused || refused.status >= 500) throw e;
        reason = `the stacked Predict was refused (${refused.message}); sent again one per item`;
      }
      if (p) {
        record(out, p);
        const split = splitOutputs(p.response.outputs, ios.length);
        if ("items" in split) {
          ios.forEach(({ index }, n) => out.outcomes.set(index, { outputs: split.items[n]! }));
          out.plan = { mode: "stacked", calls: 1 };
          return out;
        }
        reason = `${split.reason}; sent again one per item`;
      }
    } else reason = stacked.reason;
  }

  out.requests.push(...ios.map(({ io }) => predictRequestOf(model, io)));
  const settled = await Promise.allSettled(ios.map(({ io }) => predictWithFailover(ports, rotation, instances, model, io, deadlines)));
  out.plan = { mode: "per-item", calls: out.plan.calls + ios.length, reason };
  if (settled.every((s) => s.status === "rejected")) throw (settled[0] as PromiseRejectedResult).reason;
  settled.forEach((s, n) => {
    const { index } = ios[n]!;
    if (s.status === "fulfilled") {
      record(out, s.value);
      out.outcomes.set(index, { outputs: Object.fromEntries(Object.entries(s.value.response.outputs).map(([name, t]) => [name, plainTensor(t)])) });
    } else out.outcomes.set(index, { failure: itemFailure("predict", index, s.reason, ports.logUnexpected) });
  });
  return out;
}

function record(out: BatchPrediction, p: PredictOutcome): void {
  out.answered.push(p);
  out.skipped.push(...p.skipped);
  out.rpcMs = Math.max(out.rpcMs, p.rpcMs);
}

/** The signature, or undefined without the port; a port that fails counts as not knowing it (per item still scores). */
async function signatureOf(ports: Pick<ScoringPorts, "modelSignature" | "logUnexpected">, model: { name: string; version: number }): Promise<ModelSignature | null | undefined> {
  if (!ports.modelSignature) return undefined;
  try {
    return await ports.modelSignature(model);
  } catch (e) {
    ports.logUnexpected?.(`[scoring] signature of ${model.name}@${model.version}: ${safeMessage(e)}`, e);
    return null;
  }
}
