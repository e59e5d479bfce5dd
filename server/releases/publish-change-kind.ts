import type { ChangeKindHandler } from "@/server/approvals/change-kind-handler";
import { createRelease } from "./create-release";
import { editPublishChange } from "./edit-publish-change";
import { readPublishPayload } from "./publish-payload";

/**
 * A publish request, once approved, becomes a release + outbox record in the approving
 * transaction. Its change is applied to the app's latest release at that moment, so releases
 * made meanwhile (e.g. automatic version publishes) are kept. An edit may replace the change
 * (its diff is computed again).
 */
export const publishChangeKind: ChangeKindHandler = {
  async onApproved(tx, request, actor) {
    const payload = readPublishPayload(request.payload);
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
    });
    return { outcome: { releaseId: release.id, seq: release.seq } };
  },
  editChange: (db, { actor, request, version, comment, change }) =>
    editPublishChange(db, { actor, app: request.app, id: request.id, input: { version, comment, change } }),
};
