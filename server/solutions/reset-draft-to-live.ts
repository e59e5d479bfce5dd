import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { DraftVersionBodySchema, type DraftVersionBody } from "@/server/contracts/solution-drafts";
import { unprocessable } from "@/server/errors";
import { getLiveRelease } from "@/server/releases/get-live-release";
import { compareSolutions } from "@/sdk/src/core/solutions/compare-solutions";
import { exportSolutionsDocument } from "@/sdk/src/core/solutions/export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";
import { lockDraft } from "./lock-draft";
import { readDocumentSolutions } from "./read-document-solutions";
import { replaceDraftSolutions } from "./replace-draft-solutions";

/**
 * One click on the Solutions page (after it asked): the draft becomes live's solutions (the
 * latest delivered release), discarding its changes. 409 when the draft moved since the person
 * looked (lockDraft), 422 before anything was delivered.
 */
export async function resetDraftToLive(db: Db, opts: { actor: Actor; app: string; input: DraftVersionBody }) {
  const input = DraftVersionBodySchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, opts.app, input.version);
    const live = await getLiveRelease(tx, draft.app.name);
    if (!live || live.deliveryState !== "delivered") throw unprocessable(`Nothing of ${draft.app.name} was delivered yet: there is no live document to reset to.`, { app: draft.app.name });
    const next = readDocumentSolutions(live.document);
    if (!next) throw unprocessable(`Release #${live.seq}'s document cannot be read as solutions.`, { releaseSeq: live.seq });
    if (!compareSolutions(draft.app.bucketCount, draft.solutions, next).changes) return { changed: false, draft };
    await replaceDraftSolutions(tx, { app: draft.app.name, current: draft.solutions, next, actor: opts.actor });
    await recordAudit(tx, {
      actor: opts.actor,
      app: draft.app.name,
      kind: "solutions",
      action: "reset_to_live",
      target: draft.app.name,
      before: exportSolutionsDocument({ appName: draft.app.name, solutions: draft.solutions }),
      after: { release: `#${live.seq}` },
    });
    return { changed: true, draft: await getSolutionsDraft(tx, draft.app.name) };
  });
}
