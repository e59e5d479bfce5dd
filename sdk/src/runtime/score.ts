import { buildFeatureMap } from "./feature-map";
import type { ScoringPorts } from "./ports";
import { predictWithFailover, type InstanceRotation, type PredictDeadlines } from "./predict-with-failover";
import { queryFeatures } from "./query-features";
import { pickSolution } from "./pick-solution";
import { ScoringError } from "./scoring-error";
import { Tracer } from "./tracer";
import type { ScoreRequest, ScoreResult, TensorIO } from "./types";
import { resolveModel } from "./resolve-model";
import type { Observed } from "./observed";

export interface ScoreOptions {
  /** Keep each skipped instance's raw error in the trace (an operator's view); otherwise only a generic one. */
  revealInstanceDetail?: boolean;
  deadlines?: PredictDeadlines;
}

/**
 * docs/scoring-flow.md as one function: bucket, solution, feature queries, featureMap, fg,
 * Predict. It changes no state but the instance rotation. Every failure is a ScoringError naming
 * its stage and carrying the trace so far.
 */
export async function scoreWithPorts<Pkg>(
  ports: ScoringPorts<Pkg>,
  rotation: InstanceRotation,
  req: ScoreRequest,
  opts: ScoreOptions = {},
  seen?: Observed,
): Promise<ScoreResult> {
  const t = new Tracer(ports.logUnexpected);
  if (seen) seen.steps = t.steps;
  const { config, bucket, solution } = await pickSolution(ports, t, req, seen);

  const queries = await t.stage("features", { features: solution.features }, () => queryFeatures(ports, solution.features, req.origin, config.versions));

  // Every feature of the solution gets an entry, null when the store had nothing, built by the
  // same function the offline runner uses: what makes online tensors equal offline ones.
  const featureMap = t.stageSync("featureMap", { features: queries.map((q) => q.feature) }, () =>
    buildFeatureMap({ origin: req.origin, online: true, features: Object.fromEntries(queries.map((q) => [q.feature, q.value])) }),
  );

  const io: TensorIO = await t.stage("fg", { class: solution.fg.class, version: solution.fg.version }, async () => {
    const pkg = await ports.fetchFg(solution.fg.class, solution.fg.version);
    if (!pkg) throw new ScoringError("unprocessable", `fg ${solution.fg.class}@${solution.fg.version} is not published`);
    return ports.runFg(pkg, featureMap);
  });

  const predicted = await t.stage("predict", { model: solution.model }, async () => {
    const model = resolveModel(solution.model, config.versions);
    return { model, ...(await predictWithFailover(ports, rotation, await ports.instances(model.name), model, io, opts.deadlines)) };
  }, (p) => ({
    model: p.model,
    instance: p.instance,
    skipped: opts.revealInstanceDetail ? p.skipped : p.skipped.map(({ instance, error }) => ({ instance, error })),
    rpcMs: p.rpcMs,
    outputs: Object.keys(p.response.outputs),
  }));

  const outputs = Object.fromEntries(
    Object.entries(predicted.response.outputs).map(([name, tensor]) => [name, { dtype: tensor.dtype, shape: tensor.shape, values: [...(tensor.values as ArrayLike<unknown> & Iterable<unknown>)] }]),
  );
  const result: ScoreResult = {
    app: config.app.name,
    bucket,
    solution: solution.name,
    model: { ...predicted.model, instance: predicted.instance },
    outputs,
    log: featureMap.log,
  };
  if (seen) seen.single = { featureMap, tensorIO: io, outputs };
  if (req.options?.trace) {
    result.trace = t.steps;
    result.details = {
      queries,
      featureMap: { ...featureMap },
      tensorIO: io,
      predictRequest: predicted.request,
      predictResponse: { model: predicted.response.model, outputs },
    };
  }
  return result;
}
