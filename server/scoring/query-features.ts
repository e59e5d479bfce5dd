import { appErrorOf } from "@/server/scoring/app-error-of";
import { safeErrorMessage } from "@/server/log/loggable-error";
import { queryFeatures as queryInRuntime } from "@/sdk/src/runtime/query-features";
import type { FeatureQuery, ScoringDeps } from "./scoring-types";

/** The runtime's feature queries (sdk/src/runtime/query-features.ts) over the console's stores; errors as AppError. */
export async function queryFeatures(
  deps: Pick<ScoringDeps, "openStore">,
  features: Record<string, string>,
  origin: Record<string, unknown>,
  versions: Record<string, string>,
): Promise<FeatureQuery[]> {
  try {
    return await queryInRuntime({ openTable: deps.openStore, errorMessage: safeErrorMessage }, features, origin, versions);
  } catch (e) {
    throw appErrorOf(e);
  }
}
