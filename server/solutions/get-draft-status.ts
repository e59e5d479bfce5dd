import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { solutionDrafts } from "@/db/schema";
import type { DraftStatus } from "@/server/contracts/solution-drafts";
import { getLiveRelease } from "@/server/releases/get-live-release";
import { compareSolutions } from "@/sdk/src/core/solutions/compare-solutions";
import { getSolutionsDraft } from "./get-solutions-draft";
import { readDocumentSolutions } from "./read-document-solutions";

/** The draft against live (the latest delivered release), and the backup a delivered rollback kept. */
export async function getDraftStatus(db: Db, app: string): Promise<DraftStatus> {
  const draft = await getSolutionsDraft(db, app);
  const live = await getLiveRelease(db, draft.app.name);
  const liveSolutions = live && live.deliveryState === "delivered" ? (readDocumentSolutions(live.document) ?? []) : null;
  const comparison = liveSolutions ? compareSolutions(draft.app.bucketCount, draft.solutions, liveSolutions) : null;
  const [row] = await db.select({ backup: solutionDrafts.backup }).from(solutionDrafts).where(eq(solutionDrafts.app, draft.app.name)).limit(1);
  const backup = row?.backup ?? null;
  return {
    version: draft.version,
    live: live && live.deliveryState === "delivered" ? { id: live.id, seq: live.seq } : null,
    differsFromLive: comparison?.changes ?? false,
    // Seen from the draft: what a reset to live would undo.
    changes: {
      added: comparison ? comparison.diff.removed.map((s) => s.name) : [],
      removed: comparison ? comparison.diff.added.map((s) => s.name) : [],
      changed: comparison ? comparison.diff.changed.map((c) => c.name) : [],
      movedBuckets: comparison?.moves?.movedBuckets ?? null,
    },
    backup: backup
      ? { savedAt: backup.savedAt, releaseSeq: backup.releaseSeq, rollbackOfSeq: backup.rollbackOfSeq, solutions: (readDocumentSolutions(backup.document) ?? []).map((s) => s.name) }
      : null,
  };
}
