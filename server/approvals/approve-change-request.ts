import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { approvals, changeRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { DecisionSchema, type DecisionInput } from "@/server/contracts/approvals";
import { can } from "@/server/contracts/roles";
import { forbidden, unprocessable } from "@/server/errors";
import { notifyOutbox } from "@/server/outbox/outbox-signal";
import { actorId, actorLabel } from "./actor-id";
import { whyNotDecide } from "./can-decide";
import { runAfterCommit, type ChangeKindEffects } from "./change-kind-handler";
import { changeKindHandler } from "./change-kinds";
import { auditSummary, type ChangeRequestDto } from "./change-request-dto";
import { loadChangeRequest } from "./load-change-request";
import { staleRequestError } from "./stale-request-error";
import { checkVerificationGate, probeForApproval } from "./verification-gate";
import { reverifyPendingRequests } from "./reverify-pending-requests";
import { notifyDecision } from "@/server/notifications/notify-decision";
import { sendNotificationWebhooks } from "@/server/notifications/send-notification-webhooks";

/**
 * A reviewer's approval. Nobody approves their own request (403), nor one they edited. When
 * the request has all the approvals it needs, its kind's handler applies it in the SAME
 * transaction (for a publish: the release and its outbox record). A stale request (a release
 * made since its base changed what it replaces) is refused with 409 before anything is
 * recorded: the reviewer read a diff against a release that is no longer the latest. What the
 * handler asks to happen after the commit (waking the DAG engines) runs once it has committed.
 * A request that makes a release takes a passed verification of what it would release now
 * (verification-gate.ts; 409 verification_* otherwise), or an admin's written override.
 */
export async function approveChangeRequest(db: Db, opts: { actor: Actor; id: string; input: DecisionInput }): Promise<ChangeRequestDto> {
  const { comment, overrideVerification } = DecisionSchema.parse(opts.input);
  if (overrideVerification && !(opts.actor.type === "user" && can(opts.actor.role, "admin"))) {
    throw forbidden("Only an admin approves despite verification (overrideVerification).");
  }
  // The model instances are probed before the transaction: no network call holds its locks.
  const probe = await probeForApproval(db, (await loadChangeRequest(db, opts.id)).request);
  let effects: ChangeKindEffects | void = undefined;
  let webhook: string | null = null;
  const result = await db.transaction(async (tx) => {
    const { row, request: before } = await loadChangeRequest(tx, opts.id, { lock: true });
    const refusal = whyNotDecide(opts.actor, before);
    if (refusal) throw refusal;
    const newer = await changeKindHandler(row.kind)?.newerRelease?.(tx, before);
    if (newer) throw staleRequestError(row.id, newer);
    const verification = await checkVerificationGate(tx, { actor: opts.actor, request: before, probe, override: overrideVerification });
    await tx.insert(approvals).values({
      changeRequestId: row.id,
      requestRevision: row.revision,
      decision: "approve",
      reviewerId: actorId(opts.actor),
      reviewerName: actorLabel(opts.actor),
      comment,
    });
    let { request } = await loadChangeRequest(tx, row.id);
    await recordAudit(tx, { actor: opts.actor, app: row.app, kind: "change_request", action: "approve", target: row.id, before: auditSummary(before), after: { comment, approvalCount: request.approvalCount, requiredApprovals: request.requiredApprovals } });
    if (request.approvalCount < request.requiredApprovals) return request;

    const handler = changeKindHandler(row.kind);
    if (!handler) throw unprocessable(`Nothing in this console applies change requests of kind "${row.kind}".`, { kind: row.kind });
    await tx.update(changeRequests).set({ state: "approved", decidedAt: new Date(), decidedBy: actorLabel(opts.actor), updatedAt: new Date() }).where(eq(changeRequests.id, row.id));
    request = (await loadChangeRequest(tx, row.id)).request;
    const applied = await handler.onApproved(tx, request, opts.actor, { verification });
    effects = applied;
    if (applied && applied.outcome !== undefined) {
      await tx.update(changeRequests).set({ outcome: applied.outcome }).where(eq(changeRequests.id, row.id));
      request = { ...request, outcome: applied.outcome };
    }
    await recordAudit(tx, { actor: opts.actor, app: row.app, kind: "change_request", action: "apply", target: row.id, after: auditSummary(request) });
    webhook = await notifyDecision(tx, { request, decision: "approved", by: actorLabel(opts.actor) });
    return request;
  });
  // An applied request may have queued deliveries: wake the dispatcher now that they are committed.
  if (result.state === "approved") notifyOutbox();
  sendNotificationWebhooks(db, [webhook]);
  runAfterCommit(effects);
  // A new release: the app's other pending requests would now release something else.
  if (result.state === "approved" && hasRelease(result.outcome)) await reverifyPendingRequests(db, { app: result.app, except: result.id });
  return result;
}

function hasRelease(outcome: unknown): boolean {
  return typeof outcome === "object" && outcome !== null && "releaseId" in outcome;
}
