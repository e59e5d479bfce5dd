import type { Solution } from "@/server/contracts/solutions";
import { unprocessable } from "@/server/errors";
import { buildFeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";
import type { TensorIO } from "@/server/fg/tensor-io";
import type { PredictInput } from "@/server/tfs/grpc-client";
import type { TensorInput } from "@/server/tfs/tensor-codec";
import { queryFeatures } from "./query-features";
import type { ScoringDeps } from "./scoring-types";

/**
 * The scoring pipeline from an origin up to the fg (features, featureMap, fg) for one
 * solution: the tensors a Predict would send. The same building blocks as runScoring's
 * stages, without the bucket choice, the trace or the Predict; for callers that need a
 * model's request without sending it (the warmup file).
 */
export async function tensorIoForOrigin(
  deps: Pick<ScoringDeps, "openStore" | "resolveFg">,
  opts: { origin: Record<string, unknown>; solution: Solution; versions: Record<string, string> },
): Promise<TensorIO> {
  const { origin, solution, versions } = opts;
  const queries = await queryFeatures(deps, solution.features, origin, versions);
  const featureMap = buildFeatureMap({ origin, online: true, features: Object.fromEntries(queries.map((q) => [q.feature, q.value])) });
  const pkg = await deps.resolveFg(solution.fg.class, solution.fg.version);
  if (!pkg) throw unprocessable(`fg ${solution.fg.class}@${solution.fg.version} is not published`);
  return runFg(pkg, featureMap);
}

/** The Predict a scoring run sends for this TensorIO (as predictOnInstance builds it). */
export function predictInputOf(model: { name: string; version?: number }, io: TensorIO): PredictInput {
  return {
    model,
    inputs: Object.fromEntries(io.inputs.map((t) => [t.name, { dtype: t.dtype, shape: t.shape, values: t.values } as TensorInput])),
    outputFilter: io.outputs.map((o) => o.name),
  };
}
