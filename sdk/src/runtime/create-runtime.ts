import type { ScoringPorts } from "./ports";
import { createInstanceRotation } from "./predict-with-failover";
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

/**
 * A scoring runtime over its ports. It keeps one thing of its own: the instance rotation (whose
 * turn it is, which instance rests after failing), so create one per process and reuse it.
 * `defaults` apply to every request: `maxItems` (200) and `itemErrors` ("isolate") for batches.
 */
export function createScoringRuntime<Pkg>(ports: ScoringPorts<Pkg>, defaults: BatchOptions = {}): ScoringRuntime {
  const rotation = createInstanceRotation();
  const score = (req: ScoreRequest, opts?: BatchOptions): Promise<ScoreResult | BatchScoreResult> =>
    req.items === undefined
      ? scoreWithPorts(ports, rotation, req, { ...defaults, ...opts })
      : scoreBatchWithPorts(ports, rotation, req, { ...defaults, ...opts });
  return { score: score as ScoringRuntime["score"] };
}
