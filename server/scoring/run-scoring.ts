import { bucketOf } from "@/sdk/src/core/bucketing";
import { badRequest, notFound, unprocessable } from "@/server/errors";
import { buildFeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";
import { predictOnInstance } from "./predict-on-instance";
import { queryFeatures } from "./query-features";
import type { ScoreRequest, ScoreResult, ScoringConfig, ScoringDeps } from "./scoring-types";
import { Tracer } from "./tracer";
import type { ConfigSourceName } from "@/server/contracts/scoring";

/**
 * docs/scoring-flow.md as one function: bucket, solution, feature queries, featureMap, fg,
 * Predict. It changes no state. Every failure names its stage. `revealInstanceDetail` (an admin's
 * trial): the trace keeps the raw error of each instance skipped; otherwise only a generic one.
 */
export async function runScoring(deps: ScoringDeps, req: ScoreRequest, opts: { revealInstanceDetail?: boolean } = {}): Promise<ScoreResult> {
  const t = new Tracer();
  const source: ConfigSourceName = req.options?.source ? "change-request" : (req.options?.config ?? "published");
  const config: ScoringConfig = await t.stage("config", { app: req.app_name, source }, () => deps.loadConfig(req.app_name, source), (c) => ({
    revision: c.revision,
    solutions: c.solutions.map((s) => s.name),
    versions: c.versions,
  }));

  const bucket = await t.stage("bucket", { hashKey: config.app.hashKey, salt: config.app.salt, bucketCount: config.app.bucketCount }, () => {
    if (req.options?.bucket !== undefined) {
      if (!Number.isInteger(req.options.bucket) || req.options.bucket < 0 || req.options.bucket >= config.app.bucketCount) {
        throw badRequest(`bucket ${req.options.bucket} does not exist; ${config.app.name} has buckets 0-${config.app.bucketCount - 1}`);
      }
      return req.options.bucket;
    }
    const keyValue = req.origin[config.app.hashKey];
    if (keyValue === undefined || keyValue === null || keyValue === "") {
      throw badRequest(`origin has no "${config.app.hashKey}", the field ${config.app.name} hashes into a bucket`, { field: config.app.hashKey });
    }
    if (typeof keyValue !== "string" && typeof keyValue !== "number") throw badRequest(`origin.${config.app.hashKey} must be a string or a number`);
    return bucketOf({ salt: config.app.salt, keyValue, bucketCount: config.app.bucketCount });
  });

  const solution = await t.stage("solution", { bucket, forced: req.options?.solution ?? null }, () => {
    const forced = req.options?.solution;
    const s = forced ? config.solutions.find((x) => x.name === forced) : config.solutions.find((x) => x.buckets.includes(bucket));
    if (!s) {
      throw forced
        ? notFound(`${config.app.name} has no solution "${forced}" in its ${source} config`)
        : unprocessable(`bucket ${bucket} belongs to no solution in the ${source} config of ${config.app.name}`);
    }
    return s;
  }, (s) => ({ name: s.name, model: s.model, fg: s.fg }));

  const queries = await t.stage("features", { features: solution.features }, () => queryFeatures(deps, solution.features, req.origin, config.versions));

  // Every feature of the solution gets an entry, null when the store had nothing, built by the
  // same function the offline runner uses: what makes online tensors equal offline ones.
  const featureMap = await t.stage("featureMap", { features: queries.map((q) => q.feature) }, () =>
    buildFeatureMap({ origin: req.origin, online: true, features: Object.fromEntries(queries.map((q) => [q.feature, q.value])) }),
  );

  const io = await t.stage("fg", { class: solution.fg.class, version: solution.fg.version }, async () => {
    const pkg = await deps.resolveFg(solution.fg.class, solution.fg.version);
    if (!pkg) throw unprocessable(`fg ${solution.fg.class}@${solution.fg.version} is not published`);
    return runFg(pkg, featureMap, undefined, deps.fgOwner);
  });

  const predicted = await t.stage("predict", { model: solution.model }, async () => {
    const model = resolveModel(solution.model, config.versions);
    return { model, ...(await predictOnInstance(await deps.instances(model.name), model, io)) };
  }, (p) => ({
    model: p.model,
    instance: p.instance,
    skipped: opts.revealInstanceDetail ? p.skipped : p.skipped.map(({ instance, error }) => ({ instance, error })),
    rpcMs: p.rpcMs,
    outputs: Object.keys(p.response.outputs),
  }));

  const outputs = Object.fromEntries(
    Object.entries(predicted.response.outputs).map(([name, tensor]) => [name, { dtype: tensor.dtype, shape: tensor.shape, values: [...tensor.values] }]),
  );
  const result: ScoreResult = {
    app: config.app.name,
    bucket,
    solution: solution.name,
    model: { ...predicted.model, instance: predicted.instance },
    outputs,
    log: featureMap.log,
  };
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

/** A solution names its model version directly (20200116) or through a version key of the DAG. */
function resolveModel(model: { name: string; version: string }, versions: Record<string, string>): { name: string; version: number } {
  const raw = /^\d+$/.test(model.version) ? model.version : versions[model.version];
  if (raw === undefined) {
    throw unprocessable(`model version key "${model.version}" has no published version`, { key: model.version });
  }
  const version = Number(raw);
  if (!Number.isSafeInteger(version) || version <= 0) throw unprocessable(`version "${raw}" of ${model.version} is not a model version number`);
  return { name: model.name, version };
}

