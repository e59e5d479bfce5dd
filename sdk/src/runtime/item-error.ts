import { describeError, ScoringError } from "./scoring-error";
import type { Stage } from "./types";

/** One item's failure in a batch: what its ItemResult says (the others go on). */
export interface ItemFailure {
  code: string;
  status: number;
  message: string;
  stage: Stage;
}

/**
 * What an item's failure says, as the Tracer would say it for a whole request: a described
 * error keeps its code and status, anything else is the stage's "internal" (told to
 * logUnexpected, its message kept out of the answer).
 */
export function itemFailure(stage: Stage, index: number, e: unknown, logUnexpected?: (where: string, error: unknown) => void): ItemFailure {
  const described = describeError(e);
  if (!described) {
    logUnexpected?.(`[scoring] ${stage} item ${index}`, e);
    return { code: "internal", status: 500, message: `${stage} failed unexpectedly`, stage };
  }
  return { code: described.code, status: described.status, message: described.message, stage };
}

/** In "fail-batch" mode an item's failure is the request's: thrown inside its stage, which names it. */
export function batchFailure(index: number, f: ItemFailure): ScoringError {
  return new ScoringError(f.code, `item ${index}: ${f.message}`, { item: index }, f.status);
}
