import { eq } from "drizzle-orm";
import { apps } from "@/db/schema";
import type { ChangeKindHandler } from "@/server/approvals/change-kind-handler";
import { staleRequestError } from "@/server/approvals/stale-request-error";
import { createRelease } from "./create-release";
import { editPublishChange } from "./edit-publish-change";
import { readPublishPayload } from "./publish-payload";
import { publishCandidate } from "./publish-candidate";
import { publishRequestNewerRelease } from "./publish-request-newer-release";
import { rebasePublishRequest } from "./rebase-publish-request";

/**
 * A publish request, once approved, becomes a release + outbox record in the approving
 * transaction. Its change is applied to the app's latest release at that moment, so releases
 * made meanwhile (e.g. automatic version publishes) are kept; one that changed the document or
 * the app block since the request's base makes a document-replacing request stale (409 until
 * it is re-based). An edit may replace the change (its diff is computed again).
 */
export const publishChangeKind: ChangeKindHandler = {
  async onApproved(tx, request, actor, context) {
    const payload = readPublishPayload(request.payload);
    // Checked again under the app's row lock: no release can slip in between this and ours.
    await tx.select({ name: apps.name }).from(apps).where(eq(apps.name, request.app)).for("update");
    const newer = await publishRequestNewerRelease(tx, request);
    if (newer) throw staleRequestError(request.id, newer);
    const release = await createRelease(tx, {
      actor,
      app: request.app,
      author: { id: request.requestedById, name: request.requestedBy },
      approvers: request.approvals
        .filter((a) => a.decision === "approve" && !a.withdrawnAt)
        .map((a) => ({ id: a.reviewerId, name: a.reviewer, comment: a.comment, at: a.at })),
      comment: request.comment,
      change: payload.change,
      changeRequestId: request.id,
      rollbackOf: payload.rollbackOf,
      holds: payload.holds,
      verification: context?.verification ? { reportId: context.verification.reportId, override: context.verification.override } : undefined,
    });
    return { outcome: { releaseId: release.id, seq: release.seq } };
  },
  candidate: publishCandidate,
  newerRelease: publishRequestNewerRelease,
  rebase: rebasePublishRequest,
  editChange: (db, { actor, request, version, comment, change }) =>
    editPublishChange(db, { actor, app: request.app, id: request.id, input: { version, comment, change } }),
};
