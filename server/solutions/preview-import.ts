import type { Db } from "@/db";
import { PreviewImportSchema, type ImportPreview } from "@/server/contracts/solution-drafts";
import { compareSolutions } from "@/sdk/src/core/solutions/compare-solutions";
import { exportSolutionsDocument } from "@/sdk/src/core/solutions/export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";
import { readImportDocument } from "./read-import-document";
import { validateSplit } from "@/sdk/src/core/solutions/validate-split";

/**
 * What importing a solutions document would create, change and remove, and which buckets would
 * change solution; changes nothing. A split with gaps or overlaps is shown (in `split`), not
 * refused here: the import itself refuses it.
 */
export async function previewImport(db: Db, opts: { app: string; input: { document: unknown } }): Promise<ImportPreview> {
  const { document } = PreviewImportSchema.parse(opts.input);
  const draft = await getSolutionsDraft(db, opts.app);
  const parsed = readImportDocument(draft.app, document);
  return {
    ...compareSolutions(draft.app.bucketCount, draft.solutions, parsed.solutions),
    document: exportSolutionsDocument({ appName: opts.app, solutions: parsed.solutions, app: draft.app }),
    split: validateSplit(draft.app.bucketCount, parsed.solutions),
    bucketCount: draft.app.bucketCount,
  };
}
