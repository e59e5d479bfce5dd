import type { ScoredRequest } from "../telemetry/create-aggregator";
import { MISSING_FEATURES_LOG_KEY, type FeatureMap } from "./feature-map";
import type { FeatureLogEntry, FeatureLogScored } from "./feature-log";
import type { Observed } from "./observed";
import type { ScoreRequest } from "./types";

/**
 * What the runtime tells after each request, both optional: a production service passes its
 * telemetry aggregator and feature logger; the console's trial scoring passes neither (forced,
 * trial traffic is not production's).
 */
export interface RuntimeHooks {
  /** Told once per scored request, success or failure (createTelemetryAggregator). */
  telemetry?: { record(request: ScoredRequest): void };
  /** Offered each request that scored (createFeatureLogger samples it). */
  featureLog?: { maybeLog(entry: FeatureLogEntry): void };
  /** Told when a hook threw (the request's answer is unaffected). Default: nothing. */
  onHookError?: (error: unknown) => void;
}

/** The request's trace as the aggregator takes it: stage -> ms. */
function stageMsOf(seen: Observed): Record<string, number> {
  const out: Record<string, number> = {};
  for (const step of seen.steps ?? []) out[step.stage] = step.ms;
  return out;
}

function missingOf(fm: FeatureMap | null | undefined, into: Set<string>): void {
  const listed = fm?.log?.[MISSING_FEATURES_LOG_KEY];
  if (Array.isArray(listed)) for (const name of listed) if (typeof name === "string") into.add(name);
}

/** Each numeric output's values (items' values one after another); string and bool tensors have no histogram. */
function numericOutputs(perItem: Record<string, { values: unknown[] }>[]): Record<string, ArrayLike<number>> {
  if (perItem.length === 1) {
    // One answer: its numeric tensors' values as they are (the aggregator skips a non-finite value).
    const out: Record<string, ArrayLike<number>> = {};
    for (const [name, tensor] of Object.entries(perItem[0]!)) if (tensor.values.length > 0 && typeof tensor.values[0] === "number") out[name] = tensor.values as number[];
    return out;
  }
  const out: Record<string, number[]> = {};
  for (const outputs of perItem) {
    for (const [name, tensor] of Object.entries(outputs)) {
      const values = tensor.values;
      if (values.length === 0 || typeof values[0] !== "number") continue;
      const into = (out[name] ??= []);
      for (let i = 0; i < values.length; i++) if (typeof values[i] === "number") into.push(values[i] as number);
    }
  }
  return out;
}

function errorStageOf(error: unknown): string {
  const stage = (error as { details?: { stage?: unknown } } | null)?.details?.stage;
  return typeof stage === "string" ? stage : "request";
}

/**
 * Tells the hooks about one request once it is answered (or failed). Never throws: a hook's
 * failure goes to onHookError and the request keeps its answer.
 */
export function reportScored(hooks: RuntimeHooks, req: ScoreRequest, seen: Observed, error: unknown | undefined): void {
  const failed = error !== undefined;
  // Plain try/catch and one object literal, no closures or spreads: this runs for every request.
  if (hooks.telemetry) {
    try {
      hooks.telemetry.record(scoredRequestOf(req, seen, failed ? errorStageOf(error) : null));
    } catch (e) {
      hookFailed(hooks, e);
    }
  }
  if (hooks.featureLog && !failed && seen.config && seen.solution && seen.bucket !== undefined) {
    try {
      const { config, solution, bucket } = seen;
      if (seen.single) {
        const { featureMap, tensorIO, outputs } = seen.single;
        hooks.featureLog.maybeLog({ app: config.app.name, request: req, release: config.revision, solution: solution.name, bucket, fg: solution.fg, featureMap, tensorIO, outputs });
      } else if (seen.batch) {
        const head = { app: config.app.name, request: req, release: config.revision, solution: solution.name, bucket, fg: solution.fg };
        const { featureMaps, tensorIOs, results } = seen.batch;
        const items = results.map((r, i): FeatureLogScored | null => {
          const featureMap = featureMaps[i];
          const tensorIO = tensorIOs[i];
          return featureMap && tensorIO && "outputs" in r ? { featureMap, tensorIO, outputs: r.outputs } : null;
        });
        hooks.featureLog.maybeLog({ ...head, items });
      }
    } catch (e) {
      hookFailed(hooks, e);
    }
  }
}

function hookFailed(hooks: RuntimeHooks, e: unknown): void {
  try {
    hooks.onHookError?.(e);
  } catch {
    // An error reporter that throws must not reach scoring either.
  }
}

function scoredRequestOf(req: ScoreRequest, seen: Observed, errorStage: string | null): ScoredRequest {
  let missing: readonly string[] | undefined;
  let outputs: Record<string, ArrayLike<number>> | undefined;
  if (seen.single) {
    // A single request's lists as they are (no copies).
    const listed = seen.single.featureMap.log?.[MISSING_FEATURES_LOG_KEY];
    if (Array.isArray(listed) && listed.length > 0) missing = listed as string[];
    outputs = numericOutputs([seen.single.outputs]);
  } else if (seen.batch) {
    const union = new Set<string>();
    for (const fm of seen.batch.featureMaps) missingOf(fm, union);
    if (union.size > 0) missing = [...union];
    outputs = numericOutputs(seen.batch.results.flatMap((r) => ("outputs" in r ? [r.outputs] : [])));
  }
  const options = req.options;
  const record: ScoredRequest = {
    app: seen.config?.app.name ?? String(req.app_name),
    release: seen.config?.revision ?? null,
    solution: seen.solution?.name ?? "none",
    bucket: seen.bucket ?? null,
    forced: options !== undefined && (options.bucket !== undefined || options.solution !== undefined),
    items: Array.isArray(req.items) ? req.items.length : 1,
    errorStage,
    stageMs: stageMsOf(seen),
  };
  if (outputs) record.outputs = outputs;
  if (missing) record.missingFeatures = missing;
  return record;
}
