import type { ScoringPorts } from "./ports";
import { createInstanceRotation } from "./predict-with-failover";
import { scoreWithPorts, type ScoreOptions } from "./score";
import type { ScoreRequest, ScoreResult } from "./types";

export interface ScoringRuntime {
  /** One request through the whole flow; a failure is a ScoringError (code, status, message naming the stage, details.trace). */
  score(req: ScoreRequest, opts?: ScoreOptions): Promise<ScoreResult>;
}

/**
 * A scoring runtime over its ports. It keeps one thing of its own: the instance rotation (whose
 * turn it is, which instance rests after failing), so create one per process and reuse it.
 */
export function createScoringRuntime<Pkg>(ports: ScoringPorts<Pkg>, defaults: ScoreOptions = {}): ScoringRuntime {
  const rotation = createInstanceRotation();
  return { score: (req, opts) => scoreWithPorts(ports, rotation, req, { ...defaults, ...opts }) };
}
