import { eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { apps, solutionDrafts } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { compareSolutions } from "@/sdk/src/core/solutions/compare-solutions";
import { exportSolutionsDocument } from "@/sdk/src/core/solutions/export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";
import { readDocumentSolutions } from "./read-document-solutions";
import { replaceDraftSolutions } from "./replace-draft-solutions";

/**
 * Once a rollback is delivered, the app's draft becomes the rolled-back document, so the next
 * publish does not quietly re-apply what was rolled back. The draft it replaces is kept as the
 * app's one backup (restore-draft-backup.ts). A draft already equal to the document is left as
 * it is (and any older backup with it). Runs in the transaction that marks the delivery.
 */
export async function adoptRollbackDocument(tx: Tx, opts: { app: string; document: unknown; releaseSeq: number; rollbackOfSeq: number | null; actor: Actor }): Promise<boolean> {
  const next = readDocumentSolutions(opts.document);
  if (!next) return false;
  // lockDraft's order: the app row (shared), then the draft row.
  const [app] = await tx.select({ name: apps.name }).from(apps).where(eq(apps.name, opts.app)).for("share").limit(1);
  if (!app) return false;
  await tx.insert(solutionDrafts).values({ app: app.name, version: 0, updatedBy: "nobody yet" }).onConflictDoNothing();
  await tx.select({ app: solutionDrafts.app }).from(solutionDrafts).where(eq(solutionDrafts.app, app.name)).for("update");
  const draft = await getSolutionsDraft(tx, app.name);
  if (!compareSolutions(draft.app.bucketCount, draft.solutions, next).changes) return false;
  const before = exportSolutionsDocument({ appName: app.name, solutions: draft.solutions });
  await replaceDraftSolutions(tx, { app: app.name, current: draft.solutions, next, actor: opts.actor });
  await tx
    .update(solutionDrafts)
    .set({ backup: { document: before, savedAt: new Date().toISOString(), releaseSeq: opts.releaseSeq, rollbackOfSeq: opts.rollbackOfSeq } })
    .where(eq(solutionDrafts.app, app.name));
  await recordAudit(tx, {
    actor: opts.actor,
    app: app.name,
    kind: "solutions",
    action: "adopt_rollback",
    target: app.name,
    before,
    after: exportSolutionsDocument({ appName: app.name, solutions: next }),
  });
  return true;
}
