import type { ScoringPorts } from "./ports";
import { describeError, safeMessage, ScoringError } from "./scoring-error";
import type { PredictRequest, PredictResponse, TensorIO } from "./types";

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

/** What everyone but an operator reads when an instance failed: nothing about what listens where. */
export const INSTANCE_DID_NOT_ANSWER = "the instance did not answer";

/** Round-robin turns and resting instances: one per runtime (per process in the console). */
export interface InstanceRotation {
  cursor: Map<string, number>;
  /** Address -> until when it counts as unhealthy (performance.now() time). */
  restingUntil: Map<string, number>;
}

export function createInstanceRotation(): InstanceRotation {
  return { cursor: new Map(), restingUntil: new Map() };
}

/** The Predict a scoring run sends for this TensorIO. */
export function predictRequestOf(model: { name: string; version: number }, io: TensorIO): PredictRequest {
  return {
    model: { name: model.name, version: model.version },
    inputs: Object.fromEntries(io.inputs.map((t) => [t.name, { dtype: t.dtype, shape: t.shape, values: t.values }])),
    outputFilter: io.outputs.map((o) => o.name),
  };
}

export interface PredictOutcome {
  instance: string;
  request: PredictRequest;
  response: PredictResponse;
  skipped: { instance: string; error: string; detail?: string }[];
  rpcMs: number;
}

/**
 * Predict on the model's registered instances, round-robin across the healthy ones. An instance
 * that fails is skipped for the next one: transport errors (refused, unreachable, hung) and server
 * errors (any 5xx). One that does not answer at all is then tried only after the healthy ones for
 * a while, so one hung instance does not cost every request its timeout. A client error (status
 * below 500) is the answer: the instance did answer, about the request. All of it within one
 * overall deadline. The address always comes from the registry list passed in, never from the
 * request. What a skip says is generic; the raw error is `detail` and the final error's adminDetail.
 */
export async function predictWithFailover(
  ports: Pick<ScoringPorts, "predict" | "onInstanceFailure" | "onInstanceAnswer">,
  rotation: InstanceRotation,
  instances: string[],
  model: { name: string; version: number },
  io: TensorIO,
  deadlines: PredictDeadlines = PREDICT_DEADLINES,
): Promise<PredictOutcome> {
  if (instances.length === 0) throw new ScoringError("unavailable", `no instance of model ${model.name} is registered`, { model: model.name });
  const { cursor, restingUntil } = rotation;
  const started = performance.now();
  const n = cursor.get(model.name) ?? 0;
  cursor.set(model.name, n + 1);
  const healthy = instances.filter((a) => !((restingUntil.get(a) ?? 0) > started));
  const resting = instances.filter((a) => (restingUntil.get(a) ?? 0) > started);
  // The rotation is over the healthy ones only: a resting instance would otherwise shift the turn onto its neighbour.
  const order = [...healthy.map((_, i) => healthy[(n + i) % healthy.length]!), ...resting];

  const request = predictRequestOf(model, io);
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
      const response = await ports.predict(instance, request, { timeoutMs: Math.min(deadlines.perInstanceMs, remaining) });
      restingUntil.delete(instance);
      ports.onInstanceAnswer?.(instance);
      // The RPC as the client sees it (encode, network, model, decode): the benchmark subtracts it to find the runtime's own work.
      return { instance, request, response, skipped: tried, rpcMs: performance.now() - t0 };
    } catch (e) {
      const described = describeError(e);
      if (described && described.status < 500) throw e;
      const status = described ? described.status : 502;
      ports.onInstanceFailure?.(instance, e);
      if (status === 504) timedOut = true;
      // Refused or hung: not answering at all. An instance that answered with a server error is skipped, not rested.
      if (status === 503 || status === 504) restingUntil.set(instance, performance.now() + deadlines.restMs);
      tried.push({ instance, error: status === 504 ? "no answer in time" : INSTANCE_DID_NOT_ANSWER, detail: safeMessage(e) });
      continue;
    }
  }
  const list = tried.map((t) => `${t.instance} (${t.error})`).join("; ");
  const generic = tried.map(({ instance, error }) => ({ instance, error }));
  // As TF Serving's REST server would: a deadline that passed is a 504, nobody listening a 503.
  const err = timedOut
    ? new ScoringError("timeout", `no instance of model ${model.name} answered in time: ${list}`, { tried: generic })
    : new ScoringError("unavailable", `no instance of model ${model.name} answers: ${list}`, { tried: generic });
  err.adminDetail = tried.map((t) => `${t.instance}: ${t.detail ?? t.error}`).join("; ");
  throw err;
}
