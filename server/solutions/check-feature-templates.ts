import type { Tx } from "@/db";
import type { TemplateError } from "@/server/contracts/features";
import { unprocessable } from "@/server/errors";
import { validateFeatureTemplates } from "@/server/feature-tables/validate-feature-templates";

/** Beyond this many problems the message lists the first ones; `details.templates` has all. */
const MESSAGE_PROBLEMS = 3;

/**
 * Refuses to save (create, update, import) a solution whose templates would not run: every
 * error of docs/templates.md#errors blocks — a template that does not parse, an unknown feature
 * table, an operator the table does not serve, a field the app does not declare, an unknown
 * version key — as a 422 naming the solution, feature, column and reason of each.
 *
 * Only an unverifiable version key is let through (with a warning in the form): while the
 * app's DAG has no output node and nothing is published there is no list to check against.
 * A table must be registered before a solution reads it: a template naming an unregistered
 * table could only fail at scoring time, so the message says which tables to register first.
 */
export async function checkFeatureTemplates(tx: Tx, opts: { app: string; solutions: readonly { name: string; features: Record<string, string> }[] }): Promise<void> {
  const problems: { solution: string; feature: string; errors: TemplateError[] }[] = [];
  const unknownTables = new Set<string>();
  for (const solution of opts.solutions) {
    if (Object.keys(solution.features).length === 0) continue;
    const result = await validateFeatureTemplates(tx, { app: opts.app, features: solution.features });
    for (const [feature, check] of Object.entries(result.features)) {
      if (check.errors.length === 0) continue;
      problems.push({ solution: solution.name, feature, errors: check.errors });
      for (const e of check.errors) if (e.code === "unknown_table") unknownTables.add(solution.features[feature]!.slice(e.start - 1, e.end - 1));
    }
  }
  if (problems.length === 0) return;
  const lines = problems.flatMap(({ solution, feature, errors }) => errors.map((e) => `${solution} feature ${feature}, column ${e.start}: ${e.message}`));
  const more = lines.length > MESSAGE_PROBLEMS ? ` (and ${lines.length - MESSAGE_PROBLEMS} more)` : "";
  let message = `Invalid query template: ${lines.slice(0, MESSAGE_PROBLEMS).join("; ")}${more}`;
  if (unknownTables.size > 0) {
    const names = [...unknownTables].sort().map((t) => `"${t}"`).join(", ");
    message += `${/[.?!]$/.test(message) ? "" : "."} Register ${names} on the Feature tables page before saving solutions that read ${unknownTables.size === 1 ? "it" : "them"}.`;
  }
  throw unprocessable(message, {
    field: problems.length === 1 ? `solution.features.${problems[0]!.feature}` : undefined,
    templates: problems,
    ...(unknownTables.size > 0 ? { unknownTables: [...unknownTables].sort() } : {}),
  });
}
