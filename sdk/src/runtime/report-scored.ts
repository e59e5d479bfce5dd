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
  featureLog?: { maybeLog(entry: FeatureLogEntry): void; samples?(app: string): boolean };
  /** Told when a hook threw (the request's answer is unaffected). Default: nothing. */
  onHookError?: (error: unknown) => void;
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
  // Asked first: at a rate of 0 (the default) a batch's items form is not built for nothing.
  const featureLog = hooks.featureLog;
  if (featureLog && !failed && seen.config && seen.solution && seen.bucket !== undefined && (!featureLog.samples || featureLog.samples(seen.config.app.name))) {
    try {
      const { config, solution, bucket } = seen;
      if (seen.single) {
        const { featureMap, tensorIO, outputs } = seen.single;
        featureLog.maybeLog({ app: config.app.name, request: req, release: config.revision, solution: solution.name, bucket, fg: solution.fg, featureMap, tensorIO, outputs });
      } else if (seen.batch) {
        const head = { app: config.app.name, request: req, release: config.revision, solution: solution.name, bucket, fg: solution.fg };
        const { featureMaps, tensorIOs, results } = seen.batch;
        const items = results.map((r, i): FeatureLogScored | null => {
          const featureMap = featureMaps[i];
          const tensorIO = tensorIOs[i];
          return featureMap && tensorIO && "outputs" in r ? { featureMap, tensorIO, outputs: r.outputs } : null;
        });
        featureLog.maybeLog({ ...head, items });
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
  const options = req.options;
  // The trace's steps and the answers' tensors as they are: the aggregator reads them in place.
  const record: ScoredRequest = {
    app: seen.config?.app.name ?? String(req.app_name),
    release: seen.config?.revision ?? null,
    solution: seen.solution?.name ?? "none",
    bucket: seen.bucket ?? null,
    forced: options !== undefined && (options.bucket !== undefined || options.solution !== undefined),
    items: Array.isArray(req.items) ? req.items.length : 1,
    errorStage,
    steps: seen.steps ?? [],
  };
  if (seen.single) {
    const listed = seen.single.featureMap.log?.[MISSING_FEATURES_LOG_KEY];
    if (Array.isArray(listed) && listed.length > 0) record.missingFeatures = listed as string[];
    record.itemOutputs = [seen.single];
  } else if (seen.batch) {
    record.missingFeatures = missingOfItems(seen.batch.featureMaps);
    record.itemOutputs = seen.batch.results;
  }
  return record;
}

/** The features missing in any item, each once (a batch counts as one request); undefined when none. */
function missingOfItems(featureMaps: readonly (FeatureMap | null)[]): string[] | undefined {
  let union: Set<string> | undefined;
  for (let i = 0; i < featureMaps.length; i++) {
    const listed = featureMaps[i]?.log?.[MISSING_FEATURES_LOG_KEY];
    if (!Array.isArray(listed)) continue;
    for (const name of listed) if (typeof name === "string") (union ??= new Set()).add(name);
  }
  return union ? [...union] : undefined;
}
