import type { Tx } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { createChangeRequest, type ChangeRequestDto } from "@/server/approvals/create-change-request";
import { refuseDuplicateRequest } from "@/server/approvals/refuse-duplicate-request";
import type { DagDocument } from "@/server/contracts/dag";
import { DAG_CHANGE_KIND, DagChangePayloadSchema, describeWeakening, type DagChangeDiff, type DagChangePayload, type ReviewWeakening } from "@/server/contracts/dag-change";


/**
 * A DAG save that weakens review, held as a `dag_change` request (dag-change-kind.ts applies
 * it on approval). The requester may not approve it; the app's approval settings say how many must.
 */
export async function requestDagChange(
  tx: Tx,
  opts: { actor: Actor; app: string; baseVersion: number; document: DagDocument; alertWebhookUrl: string | null; reasons: ReviewWeakening[] },
): Promise<ChangeRequestDto> {
  const payload: DagChangePayload = { app: opts.app, baseVersion: opts.baseVersion, document: opts.document as DagChangePayload["document"], alertWebhookUrl: opts.alertWebhookUrl };
  await assertNoDuplicateDagChange(tx, payload);
  const diff: DagChangeDiff = { baseVersion: opts.baseVersion, reasons: opts.reasons };
  return createChangeRequest(tx, {
    actor: opts.actor,
    app: opts.app,
    kind: DAG_CHANGE_KIND,
    title: `Change the DAG of ${opts.app} (on version ${opts.baseVersion})`,
    payload,
    diff,
    comment:
      `This DAG save weakens review, so it waits for a reviewer: ${opts.reasons.map(describeWeakening).join("; ")}. ` +
      `Approving it saves it as the next version, if the DAG is still at version ${opts.baseVersion}.`,
  });
}

/** The same save twice (a double click, two tabs) on the same DAG version is one request; the caller holds the DAG lock. */
async function assertNoDuplicateDagChange(tx: Tx, payload: DagChangePayload): Promise<void> {
  // Parsed through the one schema, so both sides have their keys in the same order.
  const asked = JSON.stringify(DagChangePayloadSchema.parse(payload));
  await refuseDuplicateRequest(tx, {
    app: payload.app,
    kind: DAG_CHANGE_KIND,
    what: "DAG change",
    same: (stored) => JSON.stringify(DagChangePayloadSchema.parse(stored)) === asked,
  });
}
