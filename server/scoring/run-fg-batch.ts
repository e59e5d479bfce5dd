import type { FgPackage } from "@/server/contracts/fg";
import { runDeclarativeFg } from "@/server/fg/declarative/run-declarative-fg";
import { validateDeclarativeSpec } from "@/server/fg/declarative/validate-declarative-spec";
import type { FeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";
import { validateTensorIO } from "@/server/fg/tensor-io";
import type { FgBatchOutcome } from "@/sdk/src/runtime/ports";

/**
 * A batch's fg in the console (the runtime's runFgBatch port): a declarative spec is validated
 * once and run per item, each TensorIO validated as runFg validates it; a code fg runs per item
 * in the sandbox pool through runFg. Each item's outcome is its own: one item's refusal does not
 * stop the others. A spec that does not validate fails the whole batch (every item alike).
 *
 * Integration note: when server/fg gains a batch entry point (one sandbox message per batch),
 * this delegates to it.
 */
export async function runFgBatchInConsole(pkg: FgPackage, featureMaps: FeatureMap[], owner?: string): Promise<FgBatchOutcome[]> {
  if (pkg.kind === "code") {
    return Promise.all(featureMaps.map((fm) => runFg(pkg, fm, undefined, owner).then((io) => ({ io }), (error: unknown) => ({ error }))));
  }
  const spec = validateDeclarativeSpec(pkg.spec);
  return featureMaps.map((fm) => {
    try {
      return { io: validateTensorIO(runDeclarativeFg(spec, fm)) };
    } catch (error) {
      return { error };
    }
  });
}
