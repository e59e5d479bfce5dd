import type { Tx } from "@/db";
import { TEMPLATE_SYNTAX_ERROR_CODES, type TemplateError, type TemplateErrorCode } from "@/server/contracts/features";
import { unprocessable } from "@/server/errors";
import { validateFeatureTemplates } from "@/server/feature-tables/validate-feature-templates";

/**
 * Problems that refuse a save: the template does not parse, or it names a placeholder that is
 * not an origin field of the app. Tables and version keys are only reported (by the form and by
 * /api/v1/templates/check), not enforced: a solution is often written before its tables are
 * registered or its version keys published, and the config center is where it must be right.
 */
const BLOCKING: ReadonlySet<TemplateErrorCode> = new Set<TemplateErrorCode>([...TEMPLATE_SYNTAX_ERROR_CODES, "unknown_field"]);

/** Beyond this many problems the message lists the first ones; `details.templates` has all. */
const MESSAGE_PROBLEMS = 3;

/** Throws 422 naming the solution, feature and column of every blocking template problem. */
export async function checkFeatureTemplates(tx: Tx, opts: { app: string; solutions: readonly { name: string; features: Record<string, string> }[] }): Promise<void> {
  const problems: { solution: string; feature: string; errors: TemplateError[] }[] = [];
  for (const solution of opts.solutions) {
    if (Object.keys(solution.features).length === 0) continue;
    const result = await validateFeatureTemplates(tx, { app: opts.app, features: solution.features });
    for (const [feature, check] of Object.entries(result.features)) {
      const errors = check.errors.filter((e) => BLOCKING.has(e.code));
      if (errors.length > 0) problems.push({ solution: solution.name, feature, errors });
    }
  }
  if (problems.length === 0) return;
  const lines = problems.flatMap(({ solution, feature, errors }) => errors.map((e) => `${solution} feature ${feature}, column ${e.start}: ${e.message}`));
  const more = lines.length > MESSAGE_PROBLEMS ? ` (and ${lines.length - MESSAGE_PROBLEMS} more)` : "";
  throw unprocessable(`Invalid query template: ${lines.slice(0, MESSAGE_PROBLEMS).join("; ")}${more}`, {
    field: problems.length === 1 ? `solution.features.${problems[0]!.feature}` : undefined,
    templates: problems,
  });
}
