import { renderTemplateText } from "../core/template/render-template";
import type { ScoringPorts } from "./ports";
import { describeError, safeMessage, ScoringError } from "./scoring-error";
import type { FeatureQuery } from "./types";

/**
 * Renders every feature template with the request's origin and the published versions, and
 * runs the queries in parallel. A missing value is not an error here: it is reported, and the
 * fg decides (default, or refuse). An unreachable table is a 502 naming the table.
 */
export async function queryFeatures(
  ports: Pick<ScoringPorts, "openTable" | "errorMessage">,
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
        const table = await ports.openTable(q.table);
        const value = q.operator === "getKKV" ? await table.getKKV(q.key) : await table.getKV(q.key);
        return { ...q, value, missing: value === null, ms: performance.now() - t0 };
      } catch (e) {
        const reason = (ports.errorMessage ?? safeMessage)(e);
        // A table the registry does not know is a configuration error; anything else means
        // the storage behind the table did not answer.
        if (describeError(e)?.status === 404) throw new ScoringError("unprocessable", `feature ${q.feature}: ${reason}`, { feature: q.feature, table: q.table });
        throw new ScoringError("bad_gateway", `feature ${q.feature}: table ${q.table} did not answer: ${reason}`, { feature: q.feature, table: q.table });
      }
    }),
  );
}
