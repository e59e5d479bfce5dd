import { appErrorOf } from "@/server/scoring/app-error-of";
import { scoreWithPorts } from "@/sdk/src/runtime/score";
import { scoreBatchWithPorts, type BatchOptions } from "@/sdk/src/runtime/score-batch";
import type { BatchScoreResult } from "@/sdk/src/runtime/types";
import { consolePorts, CONSOLE_ROTATION } from "./console-ports";
import type { ScoreRequest, ScoreResult, ScoringDeps } from "./scoring-types";

/** A trial request with the batch's items (one user x many items); without them a single request. */
type Items = { items: Record<string, unknown>[] };

export interface RunScoringOptions {
  revealInstanceDetail?: boolean;
  /** A batch's cap and item-error mode (the runtime's defaults: 200, "isolate"). */
  maxItems?: BatchOptions["maxItems"];
  itemErrors?: BatchOptions["itemErrors"];
}

/**
 * docs/scoring-flow.md as one function, run by the scoring runtime (sdk/src/runtime) with the
 * console's adapters: the trace is the runtime's. It changes no state. Every failure names its
 * stage, as the console's AppError. `revealInstanceDetail` (an admin's trial): the trace keeps the
 * raw error of each instance skipped; otherwise only a generic one. A request with `items` is a
 * batch and answers the runtime's BatchScoreResult.
 */
export async function runScoring(deps: ScoringDeps, req: ScoreRequest & Items, opts?: RunScoringOptions): Promise<BatchScoreResult>;
export async function runScoring(deps: ScoringDeps, req: ScoreRequest & { items?: undefined }, opts?: RunScoringOptions): Promise<ScoreResult>;
export async function runScoring(deps: ScoringDeps, req: ScoreRequest & Partial<Items>, opts?: RunScoringOptions): Promise<ScoreResult | BatchScoreResult>;
export async function runScoring(deps: ScoringDeps, req: ScoreRequest & Partial<Items>, opts: RunScoringOptions = {}): Promise<ScoreResult | BatchScoreResult> {
  try {
    if (req.items !== undefined) return await scoreBatchWithPorts(consolePorts(deps), CONSOLE_ROTATION, req, opts);
    return (await scoreWithPorts(consolePorts(deps), CONSOLE_ROTATION, req, opts)) as ScoreResult;
  } catch (e) {
    throw appErrorOf(e);
  }
}
