import { registerChangeKind } from "@/server/approvals/change-kinds";
import { createRelease } from "./create-release";
import { PUBLISH_KIND, readPublishPayload } from "./publish-payload";

/**
 * A publish request, once approved, becomes a release + outbox record in the approving
 * transaction. Its change is applied to the app's latest release at that moment, so releases
 * made meanwhile (e.g. automatic version publishes) are kept.
 */
export function registerPublishChangeKind(): void {
  registerChangeKind(PUBLISH_KIND, {
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
      });
      return { outcome: { releaseId: release.id, seq: release.seq } };
    },
  });
}

registerPublishChangeKind();
