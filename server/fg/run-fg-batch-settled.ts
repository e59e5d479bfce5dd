import { AppError } from "@/server/errors";
import type { FgBatchOutcome } from "@/sdk/src/runtime/ports";
import type { FgPackage } from "@/server/contracts/fg";
import type { CodeFgBatchLimits } from "./code/run-code-fg-batch";
import type { FeatureMap } from "./featuremap";
import { runFg } from "./run-fg";
import { runFgBatch } from "./run-fg-batch";

/**
 * A batch whose every item gets what runFg alone would answer: runFgBatch, then each item the
 * batch's own limits stopped (`details.batch`, not its fg) runs alone, and a batch refused whole
 * (a busy sandbox) goes item by item. Online scoring and the offline runner both use it, so a
 * batch never answers differently from single requests.
 */
export async function runFgBatchSettled(pkg: FgPackage, featureMaps: FeatureMap[], limits?: CodeFgBatchLimits, owner?: string): Promise<FgBatchOutcome[]> {
  const outcomes: (FgBatchOutcome | undefined)[] = await runFgBatch(pkg, featureMaps, limits, owner).catch(() => []);
  return Promise.all(
    featureMaps.map(async (fm, i) => {
      const outcome = outcomes[i];
      if (outcome && !("error" in outcome && isBatchLimit(outcome.error))) return outcome;
      return runFg(pkg, fm, limits, owner).then((io) => ({ io }), (error: unknown) => ({ error }));
    }),
  );
}

function isBatchLimit(e: unknown): boolean {
  return e instanceof AppError && typeof e.details === "object" && e.details !== null && (e.details as { batch?: unknown }).batch === true;
}
