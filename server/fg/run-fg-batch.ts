import type { FgPackage } from "@/server/contracts/fg";
import type { FgBatchOutcome } from "@/sdk/src/runtime/ports";
import { runCodeFgBatch, type CodeFgBatchLimits } from "./code/run-code-fg-batch";
import { runDeclarativeFg } from "./declarative/run-declarative-fg";
import { validateDeclarativeSpec } from "./declarative/validate-declarative-spec";
import type { FeatureMap } from "./featuremap";
import { checkFgBatchSize } from "./fg-batch-limits";
import { validateTensorIO } from "./tensor-io";

/**
 * runFg (run-fg.ts) on many featureMaps of one fg, outcomes in input order: each item's TensorIO
 * (validated, byte-equal to what runFg gives that featureMap) or the error runFg would have
 * thrown for it; one item failing leaves the others as they are. A declarative fg runs here,
 * item by item; a code fg goes to the sandbox pool as one message (code/run-code-fg-batch.ts,
 * with how its limits apply to a batch). Over MAX_FG_BATCH_ITEMS (fg-batch-limits.ts) the batch
 * is refused whole with 422.
 */
export async function runFgBatch(pkg: FgPackage, featureMaps: FeatureMap[], limits?: CodeFgBatchLimits, owner?: string): Promise<FgBatchOutcome[]> {
  checkFgBatchSize(featureMaps.length);
  if (featureMaps.length === 0) return [];
  if (pkg.kind === "code") return runCodeFgBatch(pkg.source, featureMaps, limits, owner);
  let spec: ReturnType<typeof validateDeclarativeSpec>;
  try {
    spec = validateDeclarativeSpec(pkg.spec);
  } catch (error) {
    // What runFg throws for every one of them.
    return featureMaps.map(() => ({ error }));
  }
  return featureMaps.map((featureMap) => {
    try {
      return { io: validateTensorIO(runDeclarativeFg(spec, featureMap)) };
    } catch (error) {
      return { error };
    }
  });
}
