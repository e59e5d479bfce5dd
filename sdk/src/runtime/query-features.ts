import { renderTemplateText, type RenderedQuery } from "../core/template/render-template";
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
  const names = Object.keys(features);
  const lookups: Promise<FeatureQuery>[] = new Array(names.length);
  // Rendered first, all of them: a template that does not render fails the request before any lookup starts.
  const version = (k: string) => versions[k];
  const rendered = names.map((feature) => renderTemplateText(features[feature]!, origin, version));
  for (let i = 0; i < names.length; i++) lookups[i] = lookup(ports, names[i]!, features[names[i]!]!, rendered[i]!);
  return Promise.all(lookups);
}

/** One feature's lookup; the answer keeps the query's fields in the order a trace shows them. */
async function lookup(ports: Pick<ScoringPorts, "openTable" | "errorMessage">, feature: string, template: string, q: RenderedQuery): Promise<FeatureQuery> {
  const t0 = performance.now();
  try {
    const table = await ports.openTable(q.table);
    const value = q.operator === "getKKV" ? await table.getKKV(q.key) : await table.getKV(q.key);
    return { feature, template, operator: q.operator, table: q.table, key: q.key, value, missing: value === null, ms: performance.now() - t0 };
  } catch (e) {
    const reason = (ports.errorMessage ?? safeMessage)(e);
    // A table the registry does not know is a configuration error; anything else means
    // the storage behind the table did not answer.
    if (describeError(e)?.status === 404) throw new ScoringError("unprocessable", `feature ${feature}: ${reason}`, { feature, table: q.table });
    throw new ScoringError("bad_gateway", `feature ${feature}: table ${q.table} did not answer: ${reason}`, { feature, table: q.table });
  }
}
