import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { solutionDrafts } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { DraftVersionBodySchema, type DraftVersionBody } from "@/server/contracts/solution-drafts";
import { conflict } from "@/server/errors";
import { exportSolutionsDocument } from "@/sdk/src/core/solutions/export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";
import { lockDraft } from "./lock-draft";
import { readDocumentSolutions } from "./read-document-solutions";
import { replaceDraftSolutions } from "./replace-draft-solutions";

/**
 * Brings back the draft a delivered rollback replaced (adopt-rollback-document.ts); the backup
 * is used up. 409 when the draft moved since the person looked, or when there is no backup.
 */
export async function restoreDraftBackup(db: Db, opts: { actor: Actor; app: string; input: DraftVersionBody }) {
  const input = DraftVersionBodySchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, opts.app, input.version);
    const [row] = await tx.select({ backup: solutionDrafts.backup }).from(solutionDrafts).where(eq(solutionDrafts.app, draft.app.name)).limit(1);
    const backup = row?.backup ?? null;
    if (!backup) throw conflict(`${draft.app.name} has no draft backup to restore.`, { app: draft.app.name });
    const next = readDocumentSolutions(backup.document) ?? [];
    await replaceDraftSolutions(tx, { app: draft.app.name, current: draft.solutions, next, actor: opts.actor });
    await tx.update(solutionDrafts).set({ backup: null }).where(eq(solutionDrafts.app, draft.app.name));
    await recordAudit(tx, {
      actor: opts.actor,
      app: draft.app.name,
      kind: "solutions",
      action: "restore_backup",
      target: draft.app.name,
      before: exportSolutionsDocument({ appName: draft.app.name, solutions: draft.solutions }),
      after: backup.document,
    });
    return { changed: true, draft: await getSolutionsDraft(tx, draft.app.name) };
  });
}
