import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { approvals, changeRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { RejectionSchema, type RejectionInput } from "@/server/contracts/approvals";
import { actorId, actorLabel } from "./actor-id";
import { whyNotDecide } from "./can-decide";
import { unprocessable } from "@/server/errors";
import { runAfterCommit, type ChangeKindEffects } from "./change-kind-handler";
import { changeKindHandler } from "./change-kinds";
import { auditSummary, type ChangeRequestDto } from "./change-request-dto";
import { loadChangeRequest } from "./load-change-request";
import { notifyDecision } from "@/server/notifications/notify-decision";
import { sendNotificationWebhooks } from "@/server/notifications/send-notification-webhooks";

/**
 * One rejection (with a reason) ends the request; the same people may not reject as may not
 * approve. A kind this console does not know is refused (422) as on approval: nothing here
 * could undo what it holds, so it stays pending for a console that knows it.
 */
export async function rejectChangeRequest(db: Db, opts: { actor: Actor; id: string; input: RejectionInput }): Promise<ChangeRequestDto> {
  const { comment } = RejectionSchema.parse(opts.input);
  let effects: ChangeKindEffects | void = undefined;
  let webhook: string | null = null;
  const result = await db.transaction(async (tx) => {
    const { row, request: before } = await loadChangeRequest(tx, opts.id, { lock: true });
    const refusal = whyNotDecide(opts.actor, before);
    if (refusal) throw refusal;
    const handler = changeKindHandler(row.kind);
    if (!handler) throw unprocessable(`Nothing in this console rejects change requests of kind "${row.kind}".`, { kind: row.kind });
    await tx.insert(approvals).values({
      changeRequestId: row.id,
      requestRevision: row.revision,
      decision: "reject",
      reviewerId: actorId(opts.actor),
      reviewerName: actorLabel(opts.actor),
      comment,
    });
    await tx.update(changeRequests).set({ state: "rejected", decidedAt: new Date(), decidedBy: actorLabel(opts.actor), updatedAt: new Date() }).where(eq(changeRequests.id, row.id));
    const { request } = await loadChangeRequest(tx, row.id);
    effects = await handler.onRejected?.(tx, request, opts.actor);
    await recordAudit(tx, { actor: opts.actor, app: row.app, kind: "change_request", action: "reject", target: row.id, before: auditSummary(before), after: auditSummary(request) });
    webhook = await notifyDecision(tx, { request, decision: "rejected", by: actorLabel(opts.actor), reason: comment });
    return request;
  });
  runAfterCommit(effects);
  sendNotificationWebhooks(db, [webhook]);
  return result;
}
