import { buildFeatureMap as buildInRuntime, type FeatureMap } from "@/sdk/src/runtime/feature-map";
import { appErrorOf } from "@/server/scoring/app-error-of";

// THE featureMap builder is the scoring runtime's (sdk/src/runtime/feature-map.ts): the console's
// trials, the offline runner, the try box and a production service all build it there.
export { RESERVED_FEATURE_NAMES, type FeatureMap } from "@/sdk/src/runtime/feature-map";

/** The runtime's builder, its refusal as the console's AppError (400). */
export function buildFeatureMap(opts: { origin: Record<string, unknown>; online: boolean; features: Record<string, unknown> }): FeatureMap {
  try {
    return buildInRuntime(opts);
  } catch (e) {
    throw appErrorOf(e);
  }
}
