import { checkItems, DEFAULT_MAX_ITEMS } from "./check-items";
import { buildFeatureMap, type FeatureMap } from "./feature-map";
import { batchFailure, itemFailure, type ItemFailure } from "./item-error";
import { pickSolution } from "./pick-solution";
import type { FgBatchOutcome, ScoringPorts } from "./ports";
import { predictBatch } from "./predict-batch";
import type { InstanceRotation } from "./predict-with-failover";
import { queryItemFeatures } from "./query-item-features";
import { resolveModel } from "./resolve-model";
import type { Observed } from "./observed";
import type { ScoreOptions } from "./score";
import { ScoringError } from "./scoring-error";
import { Tracer } from "./tracer";
import type { BatchScoreResult, ItemResult, ScoreRequest, TensorIO } from "./types";

/** What an item's failure does: fail that item only (default), or the whole batch. */
export type ItemErrorMode = "isolate" | "fail-batch";

export interface BatchOptions extends ScoreOptions {
  /** Items a request may carry (default 200); more is a 422 naming the cap. */
  maxItems?: number;
  /** "isolate" (default): an item whose features, fg or Predict fail gets its own error. "fail-batch": the request fails. */
  itemErrors?: ItemErrorMode;
}

/**
 * One user against many items: the config, bucket and solution once (from `origin`), origin
 * templates queried once and item templates for every item in one round trip per table, item i's
 * featureMap with `origin` = the request's origin plus item i, the fg per item (in one batch when
 * the port can), and one stacked Predict when the tensors and the model's signature allow it
 * (otherwise one per item, the plan saying why). Items answer in request order.
 */
export async function scoreBatchWithPorts<Pkg>(
  ports: ScoringPorts<Pkg>,
  rotation: InstanceRotation,
  req: ScoreRequest,
  opts: BatchOptions = {},
  seen?: Observed,
): Promise<BatchScoreResult> {
  const items = checkItems(req.origin, req.items, opts.maxItems ?? DEFAULT_MAX_ITEMS);
  const failures: (ItemFailure | undefined)[] = new Array(items.length);
  const fail = (index: number, f: ItemFailure) => {
    if (opts.itemErrors === "fail-batch") throw batchFailure(index, f);
    failures[index] ??= f;
  };
  const failed = () => failures.filter(Boolean).length;

  const t = new Tracer(ports.logUnexpected);
  if (seen) seen.steps = t.steps;
  const { config, bucket, solution } = await pickSolution(ports, t, req, seen);
  const itemOrigins = items.map((item) => ({ ...req.origin, ...item }));
  const itemFields = new Set(items.flatMap((item) => Object.keys(item)));

  const q = await t.stage(
    "features",
    { features: solution.features, items: items.length },
    async () => {
      const q = await queryItemFeatures(ports, solution.features, req.origin, itemOrigins, itemFields, config.versions);
      q.items.forEach((r, i) => {
        if ("failure" in r) fail(i, r.failure);
      });
      return q;
    },
    (q) => ({
      perRequest: Object.keys(solution.features).filter((f) => !q.itemFeatures.includes(f)),
      perItem: q.itemFeatures,
      storeCalls: storeCalls(q.calls),
      itemsFailed: failed(),
    }),
  );

  // Every item's featureMap by the one builder: what the fg sees online equals what it sees offline.
  const featureMaps = await t.stage(
    "featureMap",
    { features: Object.keys(solution.features), items: items.length },
    () => q.items.map((r, i): FeatureMap | null => ("values" in r ? buildFeatureMap({ origin: itemOrigins[i]!, online: true, features: r.values }) : null)),
    (maps) => ({ items: maps.filter(Boolean).length, withMissingFeatures: maps.filter((m) => m && Object.keys(m.log).length > 0).length }),
  );

  const ios = await t.stage(
    "fg",
    { class: solution.fg.class, version: solution.fg.version, items: featureMaps.filter(Boolean).length },
    async () => {
      const pkg = await ports.fetchFg(solution.fg.class, solution.fg.version);
      if (!pkg) throw new ScoringError("unprocessable", `fg ${solution.fg.class}@${solution.fg.version} is not published`);
      const todo = featureMaps.flatMap((fm, index) => (fm ? [{ index, fm }] : []));
      let outcomes: FgBatchOutcome[];
      if (ports.runFgBatch) {
        outcomes = await ports.runFgBatch(pkg, todo.map((x) => x.fm));
        if (outcomes.length !== todo.length) throw new ScoringError("internal", `the fg batch answered ${outcomes.length} outcomes for ${todo.length} items`);
      } else {
        outcomes = await Promise.all(todo.map(({ fm }) => ports.runFg(pkg, fm).then((io) => ({ io }), (error: unknown) => ({ error }))));
      }
      const ios: (TensorIO | null)[] = new Array(items.length).fill(null);
      outcomes.forEach((o, k) => {
        const { index } = todo[k]!;
        if ("io" in o) ios[index] = o.io;
        else fail(index, itemFailure("fg", index, o.error, ports.logUnexpected));
      });
      return ios;
    },
    (ios) => ({ items: ios.filter(Boolean).length, itemsFailed: failed(), batched: Boolean(ports.runFgBatch) }),
  );

  const predicted = await t.stage(
    "predict",
    { model: solution.model, items: ios.filter(Boolean).length },
    async () => {
      const model = resolveModel(solution.model, config.versions);
      const todo = ios.flatMap((io, index) => (io ? [{ index, io }] : []));
      const instances = todo.length > 0 ? await ports.instances(model.name) : [];
      const p = await predictBatch(ports, rotation, instances, model, todo, opts.deadlines);
      for (const [index, o] of p.outcomes) if ("failure" in o) fail(index, o.failure);
      return { model, ...p };
    },
    (p) => ({
      model: p.model,
      plan: p.plan,
      instances: [...new Set(p.answered.map((a) => a.instance))],
      skipped: opts.revealInstanceDetail ? p.skipped : p.skipped.map(({ instance, error }) => ({ instance, error })),
      rpcMs: p.rpcMs,
      outputs: Object.keys(p.answered[0]?.response.outputs ?? {}),
      itemsFailed: failed(),
    }),
  );

  const results = items.map((_, index): ItemResult => {
    const f = failures[index];
    if (f) return { index, error: { code: f.code, message: f.message, stage: f.stage, status: f.status } };
    const o = predicted.outcomes.get(index);
    return { index, outputs: o && "outputs" in o ? o.outputs : {}, log: featureMaps[index]!.log };
  });
  const result: BatchScoreResult = {
    app: config.app.name,
    bucket,
    solution: solution.name,
    model: { ...predicted.model, instances: [...new Set(predicted.answered.map((a) => a.instance))] },
    items: results,
    predict: predicted.plan,
  };
  if (seen) seen.batch = { featureMaps, tensorIOs: ios, results };
  if (req.options?.trace) {
    result.trace = t.steps;
    result.details = {
      queries: q.queries,
      featureMaps: featureMaps.map((fm) => (fm ? { ...fm } : null)),
      tensorIOs: ios,
      predictRequests: predicted.requests,
    };
  }
  return result;
}

/** The store calls per table and operator, as the features step reports them. */
function storeCalls(calls: { table: string; operator: string; keys: number; many: boolean }[]) {
  const by = new Map<string, { table: string; operator: string; calls: number; keys: number }>();
  for (const c of calls) {
    const k = `${c.table} ${c.operator}`;
    const e = by.get(k) ?? { table: c.table, operator: c.operator, calls: 0, keys: 0 };
    e.calls++;
    e.keys += c.keys;
    by.set(k, e);
  }
  return [...by.values()];
}
