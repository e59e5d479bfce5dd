import type { Tx } from "@/db";
import type { ChangeKindEffects, ChangeKindHandler } from "@/server/approvals/change-kind-handler";
import type { ChangeRequestDto } from "@/server/approvals/change-request-dto";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { afterDagCommit } from "../engine/wake";
import { changeDagInTx } from "../state/change-dag";
import { recordEvent, type DagSession } from "../state/dag-session";
import { applySessionEvent } from "../state/apply-session-event";
import { DagPromotionPayloadSchema } from "./promotion-payload";

/**
 * A `dag_promotion` change request (request-promotion.ts) decided by a reviewer: approved, the
 * node's ready version goes online and what follows downstream moves, in the approving
 * transaction; rejected (or withdrawn), the node fails with the reason until retried.
 * A request the node has moved past (the DAG was edited meanwhile) changes nothing.
 */
export const dagPromotionChangeKind: ChangeKindHandler = {
  async onApproved(tx, request, actor) {
    return decide(tx, request, actor, (session, node, version) => {
      applySessionEvent(session, node, { type: "approval_granted", version }, actor, { changeRequestId: request.id });
    });
  },
  async onRejected(tx, request, actor) {
    const reason = request.approvals.findLast((a) => a.decision === "reject")?.comment || "rejected by a reviewer";
    return decide(tx, request, actor, (session, node, version) => {
      applySessionEvent(session, node, { type: "approval_rejected", version, reason }, actor, { changeRequestId: request.id });
    });
  },
  async onWithdrawn(tx, request, actor) {
    return decide(tx, request, actor, (session, node, version) => {
      applySessionEvent(session, node, { type: "approval_rejected", version, reason: "the promotion request was withdrawn" }, actor);
    });
  },
};

async function decide(
  tx: Tx,
  request: ChangeRequestDto,
  actor: Actor,
  apply: (session: DagSession, node: string, version: string) => void,
): Promise<ChangeKindEffects & { outcome: { applied: boolean; node: string; version: string } }> {
  const payload = DagPromotionPayloadSchema.parse(request.payload);
  const outcome = { node: payload.node, version: payload.version };
  const applied = await changeDagInTx(tx, { app: payload.app, actor }, (session) => {
    const state = session.states[payload.node];
    const extra = session.extras.get(payload.node);
    const current =
      state?.phase === "waiting_approval" && state.ready === payload.version && (extra?.approvalRequestId ?? request.id) === request.id;
    if (!current) {
      recordEvent(session, {
        key: payload.node,
        type: "approval_ignored",
        version: payload.version,
        message: `The decision on promoting ${payload.version} came after the node moved on; nothing changed`,
        actor: actorLabel(actor),
      });
      return { result: () => false, settle: false };
    }
    apply(session, payload.node, payload.version);
    session.extras.set(payload.node, { ...extra!, approvalRequestId: null });
    return { result: () => true };
  });
  if (!applied) return { outcome: { applied: false, ...outcome } };
  // The engines take over (hooks downstream) once the deciding transaction has committed.
  return { outcome: { applied: true, ...outcome }, afterCommit: [() => afterDagCommit(payload.app)] };
}
