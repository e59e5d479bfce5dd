import type { Db, Tx } from "@/db";
import type { CheckFeatureTemplatesResult } from "@/server/contracts/feature-tables";
import { checkTemplateInContext } from "@/sdk/src/core/template/check-template-in-context";
import { getTemplateContext } from "./get-template-context";

/**
 * Checks a solution's features (feature name -> query template) against the registry: every
 * syntax and registry error with its column range, per feature. `ok` is false when any
 * feature has an error; warnings (an unverifiable version key) do not block.
 * For the solutions capability to call when saving, inside its transaction if it has one.
 */
export async function validateFeatureTemplates(
  db: Db | Tx,
  opts: { app: string; features: Record<string, string> },
): Promise<CheckFeatureTemplatesResult> {
  const ctx = await getTemplateContext(db, opts.app);
  const features = Object.fromEntries(Object.entries(opts.features).map(([name, text]) => [name, checkTemplateInContext(text, ctx)]));
  return { ok: Object.values(features).every((f) => f.errors.length === 0), features };
}
