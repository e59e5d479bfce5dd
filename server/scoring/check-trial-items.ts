import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { fieldTypeErrors } from "@/server/contracts/field-values";
import { badRequest } from "@/server/errors";
import { assertWithinLimit } from "@/server/limits/assert-within-cap";

/** Issues listed in one 400 at most: enough to fix a pasted list, not a second copy of it. */
const MAX_ISSUES = 20;

/**
 * The checks of a batch trial the request schema cannot make alone: the item count against the
 * operator's cap (422 naming it) and each item's values against the app's declared types (400
 * naming item and field), before anything is scored. Item keys the app declares as origin
 * fields (an origin field sent per item) are held to that type. An unknown app is left to the
 * scoring itself, which names it as the config stage does for a single request.
 */
export async function checkTrialItems(db: Db, opts: { app: string; items: Record<string, unknown>[] | undefined; maxItems: number }): Promise<void> {
  const { items } = opts;
  if (!items) return;
  assertWithinLimit("itemsPerRequest", opts.maxItems, items.length, (limit) => `A scoring request carries at most ${limit.toLocaleString("en-US")} items (SCORING_MAX_ITEMS)`);
  const [app] = await db.select({ originFields: apps.originFields, itemFields: apps.itemFields }).from(apps).where(eq(apps.name, opts.app)).limit(1);
  if (!app) return;
  const declared = [...app.itemFields, ...app.originFields];
  const issues: { path: string; message: string }[] = [];
  for (const [i, item] of items.entries()) {
    for (const [field, message] of Object.entries(fieldTypeErrors(declared, item))) issues.push({ path: `items.${i}.${field}`, message: `item ${i}: ${message}` });
    if (issues.length >= MAX_ISSUES) break;
  }
  if (issues.length) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    throw badRequest(`Invalid body field "${issues[0]!.path}": ${issues[0]!.message}${more}`, { issues: issues.slice(0, MAX_ISSUES) });
  }
}
