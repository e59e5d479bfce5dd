import { AppError, isAppError } from "@/server/errors";
import { renderTemplateText } from "@/sdk/src/core/template/render-template";
import type { FeatureQuery, ScoringDeps } from "./scoring-types";
import { safeErrorMessage } from "@/server/log/loggable-error";

/**
 * Renders every feature template with the request's origin and the published versions, and
 * runs the queries in parallel. A missing value is not an error here: it is reported, and the
 * fg decides (default, or refuse). An unreachable table is a 502 naming the table.
 */
export async function queryFeatures(
  deps: Pick<ScoringDeps, "openStore">,
  features: Record<string, string>,
  origin: Record<string, unknown>,
  versions: Record<string, string>,
): Promise<FeatureQuery[]> {
  const rendered = Object.entries(features).map(([feature, template]) => ({
    feature,
    template,
    ...renderTemplateText(template, origin, (k) => versions[k]),
  }));
  return Promise.all(
    rendered.map(async (q) => {
      const t0 = performance.now();
      try {
        const store = await deps.openStore(q.table);
        const value = q.operator === "getKKV" ? await store.getKKV(q.key) : await store.getKV(q.key);
        return { ...q, value, missing: value === null, ms: performance.now() - t0 };
      } catch (e) {
        const reason = safeErrorMessage(e);
        // A table the registry does not know is a configuration error; anything else means
        // the storage behind the table did not answer.
        if (isAppError(e) && e.status === 404) throw new AppError("unprocessable", `feature ${q.feature}: ${reason}`, { feature: q.feature, table: q.table });
        throw new AppError("bad_gateway", `feature ${q.feature}: table ${q.table} did not answer: ${reason}`, { feature: q.feature, table: q.table });
      }
    }),
  );
}
