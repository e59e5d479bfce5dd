import type { Observed } from "./observed";
import type { ScoringPorts } from "./ports";
import { createInstanceRotation } from "./predict-with-failover";
import { reportScored, type RuntimeHooks } from "./report-scored";
import { scoreWithPorts } from "./score";
import { scoreBatchWithPorts, type BatchOptions } from "./score-batch";
import type { BatchScoreResult, ScoreRequest, ScoreResult } from "./types";

export interface ScoringRuntime {
  /**
   * One request through the whole flow; a failure is a ScoringError (code, status, message naming
   * the stage, details.trace). A request with `items` is a batch and answers a BatchScoreResult.
   */
  score(req: ScoreRequest & { items: Record<string, unknown>[] }, opts?: BatchOptions): Promise<BatchScoreResult>;
  score(req: ScoreRequest & { items?: undefined }, opts?: BatchOptions): Promise<ScoreResult>;
  score(req: ScoreRequest, opts?: BatchOptions): Promise<ScoreResult | BatchScoreResult>;
}

/** Defaults for every request, and the hooks told after each (telemetry, feature log; both optional). */
export type RuntimeOptions = BatchOptions & RuntimeHooks;

/**
 * A scoring runtime over its ports. It keeps one thing of its own: the instance rotation (whose
 * turn it is, which instance rests after failing), so create one per process and reuse it.
 * Options apply to every request: `maxItems` (200) and `itemErrors` ("isolate") for batches, and
 * the hooks: `telemetry.record` once per request (success or failure), `featureLog.maybeLog`
 * once per request that scored. A hook never changes or delays an answer.
 */
export function createScoringRuntime<Pkg>(ports: ScoringPorts<Pkg>, options: RuntimeOptions = {}): ScoringRuntime {
  const rotation = createInstanceRotation();
  const { telemetry, featureLog, onHookError, ...defaults } = options;
  const hooks: RuntimeHooks | null = telemetry || featureLog ? { telemetry, featureLog, onHookError } : null;
  const run = (req: ScoreRequest, opts: BatchOptions | undefined, seen?: Observed): Promise<ScoreResult | BatchScoreResult> =>
    req.items === undefined
      ? scoreWithPorts(ports, rotation, req, { ...defaults, ...opts }, seen)
      : scoreBatchWithPorts(ports, rotation, req, { ...defaults, ...opts }, seen);
  const score = async (req: ScoreRequest, opts?: BatchOptions): Promise<ScoreResult | BatchScoreResult> => {
    if (!hooks) return run(req, opts);
    const seen: Observed = {};
    let result: ScoreResult | BatchScoreResult;
    try {
      result = await run(req, opts, seen);
    } catch (e) {
      reportScored(hooks, req, seen, e ?? new Error("unknown"));
      throw e;
    }
    reportScored(hooks, req, seen, undefined);
    return result;
  };
  return { score: score as ScoringRuntime["score"] };
}
