import type { FgPackage } from "@/server/contracts/fg";
import { runCodeFg, type CodeFgLimits } from "./code/run-code-fg";
import type { DeclarativeSpec } from "@/server/contracts/fg";
import { runDeclarativeFg } from "./declarative/run-declarative-fg";
import { validateDeclarativeSpec } from "./declarative/validate-declarative-spec";
import type { FeatureMap } from "./featuremap";
import { validateTensorIO, type TensorIO } from "./tensor-io";

/**
 * THE way a featureMap becomes a TensorIO, for online scoring, trial scoring and the offline
 * runner alike: one code path is what makes offline tensors equal online ones. The package is
 * re-validated here because it comes from storage written by older versions too. `owner`
 * (a person) shares the code fg sandbox fairly with others (server/fg/code/sandbox-pool.ts).
 */
export async function runFg(pkg: FgPackage, featureMap: FeatureMap, limits?: CodeFgLimits, owner?: string): Promise<TensorIO> {
  if (pkg.kind === "code") return runCodeFg(pkg.source, featureMap, limits, owner);
  return validateTensorIO(runDeclarativeFg(validSpec(pkg.spec), featureMap));
}

/**
 * A spec object is validated once: packages are values (read from storage, a scoring service's
 * cached answer), and parsing the schema on every request showed in the scoring service's profile.
 * Only a valid spec is remembered; an invalid one throws every time.
 */
const validated = new WeakMap<object, DeclarativeSpec>();
function validSpec(spec: unknown): DeclarativeSpec {
  if (typeof spec !== "object" || spec === null) return validateDeclarativeSpec(spec);
  let valid = validated.get(spec);
  if (!valid) {
    valid = validateDeclarativeSpec(spec);
    validated.set(spec, valid);
  }
  return valid;
}
