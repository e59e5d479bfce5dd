import { appErrorOf } from "@/server/scoring/app-error-of";
import { scoreWithPorts } from "@/sdk/src/runtime/score";
import { consolePorts, CONSOLE_ROTATION } from "./console-ports";
import type { ScoreRequest, ScoreResult, ScoringDeps } from "./scoring-types";

/**
 * docs/scoring-flow.md as one function, run by the scoring runtime (sdk/src/runtime) with the
 * console's adapters: the trace is the runtime's. It changes no state. Every failure names its
 * stage, as the console's AppError. `revealInstanceDetail` (an admin's trial): the trace keeps the
 * raw error of each instance skipped; otherwise only a generic one.
 */
export async function runScoring(deps: ScoringDeps, req: ScoreRequest, opts: { revealInstanceDetail?: boolean } = {}): Promise<ScoreResult> {
  try {
    return (await scoreWithPorts(consolePorts(deps), CONSOLE_ROTATION, req, opts)) as ScoreResult;
  } catch (e) {
    throw appErrorOf(e);
  }
}
