import { AppError, isAppError } from "@/server/errors";
import type { TensorIO } from "@/server/fg/tensor-io";
import { getTfsClient, type PredictOutput } from "@/server/tfs/grpc-client";
import { forgetInstanceFailure, INSTANCE_DID_NOT_ANSWER, isInstanceFailure, logInstanceFailure, rawMessage } from "@/server/tfs/instance-errors";
import type { TensorInput } from "@/server/tfs/tensor-codec";

export interface PredictDeadlines {
  /** How long one instance may take; past it the instance is taken for hung and the next one is tried. */
  perInstanceMs: number;
  /** How long the whole stage may take, every instance tried included. */
  totalMs: number;
  /** How long an instance that timed out or refused is tried only after the healthy ones. */
  restMs: number;
}

// A demo model answers in well under a millisecond and a production one in tens: 3 s is a
// hung instance, not a slow answer. 10 s in all keeps a trial interactive however many hang.
export const PREDICT_DEADLINES: PredictDeadlines = { perInstanceMs: 3000, totalMs: 10_000, restMs: 30_000 };

const cursor = new Map<string, number>();
/** Address -> until when it counts as unhealthy (performance.now() time). */
const restingUntil = new Map<string, number>();

/**
 * Predict on the model's registered instances, round-robin across the healthy ones. An instance
 * that fails is skipped for the next one: transport errors (UNAVAILABLE: refused, unreachable;
 * DEADLINE_EXCEEDED: hung) and server errors (INTERNAL, UNKNOWN, UNIMPLEMENTED, DATA_LOSS; any
 * 5xx). One that does not answer at all is then tried only after the healthy ones for a while,
 * so one hung instance does not cost every trial its timeout. A client error (INVALID_ARGUMENT,
 * NOT_FOUND, ...) is the answer: the instance did answer, about the request. All of it within
 * one overall deadline. The address always comes from the registry list passed in, never from
 * the request. What a skip says is generic; the raw error is `detail` (admins), the server log,
 * and the final error's adminDetail.
 */
export async function predictOnInstance(
  instances: string[],
  model: { name: string; version: number },
  io: TensorIO,
  deadlines: PredictDeadlines = PREDICT_DEADLINES,
) {
  if (instances.length === 0) throw new AppError("unavailable", `no instance of model ${model.name} is registered`, { model: model.name });
  const started = performance.now();
  const n = cursor.get(model.name) ?? 0;
  cursor.set(model.name, n + 1);
  const healthy = instances.filter((a) => !((restingUntil.get(a) ?? 0) > started));
  const resting = instances.filter((a) => (restingUntil.get(a) ?? 0) > started);
  // The rotation is over the healthy ones only: a resting instance would otherwise shift the turn onto its neighbour.
  const order = [...healthy.map((_, i) => healthy[(n + i) % healthy.length]!), ...resting];

  const inputs: Record<string, TensorInput> = Object.fromEntries(
    io.inputs.map((t) => [t.name, { dtype: t.dtype, shape: t.shape, values: t.values } as TensorInput]),
  );
  const request = { model: { name: model.name, version: model.version }, inputs, outputFilter: io.outputs.map((o) => o.name) };
  const tried: { instance: string; error: string; detail?: string }[] = [];
  let timedOut = false;
  for (const instance of order) {
    const remaining = deadlines.totalMs - (performance.now() - started);
    if (remaining <= 0) {
      timedOut = true;
      tried.push({ instance, error: `not tried: the ${deadlines.totalMs} ms deadline had passed` });
      continue;
    }
    try {
      const t0 = performance.now();
      const response: PredictOutput = await getTfsClient(instance).predict(request, { timeoutMs: Math.min(deadlines.perInstanceMs, remaining) });
      restingUntil.delete(instance);
      forgetInstanceFailure(instance);
      // The RPC as the client sees it (encode, network, model, decode): the benchmark subtracts it to find the console's own work.
      return { instance, request, response, skipped: tried, rpcMs: performance.now() - t0 };
    } catch (e) {
      if (!isInstanceFailure(e)) throw e;
      const status = isAppError(e) ? e.status : 502;
      logInstanceFailure(instance, "Predict", e);
      if (status === 504) timedOut = true;
      // Refused or hung: not answering at all. An instance that answered with a server error is skipped, not rested.
      if (status === 503 || status === 504) restingUntil.set(instance, performance.now() + deadlines.restMs);
      tried.push({ instance, error: status === 504 ? "no answer in time" : INSTANCE_DID_NOT_ANSWER, detail: rawMessage(e) });
      continue;
    }
  }
  const list = tried.map((t) => `${t.instance} (${t.error})`).join("; ");
  const generic = tried.map(({ instance, error }) => ({ instance, error }));
  // As TF Serving's REST server would: a deadline that passed is a 504, nobody listening a 503.
  const err = timedOut
    ? new AppError("timeout", `no instance of model ${model.name} answered in time: ${list}`, { tried: generic })
    : new AppError("unavailable", `no instance of model ${model.name} answers: ${list}`, { tried: generic });
  err.adminDetail = tried.map((t) => `${t.instance}: ${t.detail ?? t.error}`).join("; ");
  throw err;
}
