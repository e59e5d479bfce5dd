import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { ImportSolutionsSchema, type ImportSolutionsInput } from "@/server/contracts/solution-drafts";
import { checkFeatureTemplates } from "./check-feature-templates";
import { compareSolutions } from "@/sdk/src/core/solutions/compare-solutions";
import { exportSolutionsDocument } from "@/sdk/src/core/solutions/export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";
import { lockDraft } from "./lock-draft";
import { readImportDocument } from "./read-import-document";
import { replaceDraftSolutions } from "./replace-draft-solutions";
import { assertValidSplit } from "@/sdk/src/core/solutions/validate-split";

/**
 * Makes the app's draft exactly the document's solutions, in its order: new ones are created,
 * changed ones updated, absent ones removed. Accepts both placements of `buckets`; the split
 * must be valid, and an `app` block must name the app's own bucket settings. A document whose
 * solutions would export byte-equal to the draft changes nothing (import(export(x)) is a no-op):
 * no new version, no audit row.
 */
export async function importSolutions(db: Db, opts: { actor: Actor; app: string; input: ImportSolutionsInput }) {
  const input = ImportSolutionsSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, opts.app, input.version);
    const imported = readImportDocument(draft.app, input.document).solutions;
    assertValidSplit(draft.app.bucketCount, imported);
    const comparison = compareSolutions(draft.app.bucketCount, draft.solutions, imported);
    if (!comparison.changes) return { changed: false, draft };

    await checkFeatureTemplates(tx, { app: opts.app, solutions: imported });
    await replaceDraftSolutions(tx, { app: opts.app, current: draft.solutions, next: imported, actor: opts.actor });
    await recordAudit(tx, {
      actor: opts.actor,
      app: opts.app,
      kind: "solutions",
      action: "import",
      target: opts.app,
      before: exportSolutionsDocument({ appName: opts.app, solutions: draft.solutions }),
      after: exportSolutionsDocument({ appName: opts.app, solutions: imported }),
    });
    return { changed: true, draft: await getSolutionsDraft(tx, opts.app) };
  });
}
