import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { changeRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { createChangeRequest, type ChangeRequestDto } from "@/server/approvals/create-change-request";
import type { DagDocument } from "@/server/contracts/dag";
import { DAG_CHANGE_KIND, DagChangePayloadSchema, describeWeakening, type DagChangeDiff, type DagChangePayload, type ReviewWeakening } from "@/server/contracts/dag-change";
import { conflict } from "@/server/errors";


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

/**
 * The same save twice (a double click, two tabs) on the same DAG version is one request: the
 * second is refused (409, naming the first). The caller holds the app's DAG lock, so two such
 * saves cannot both pass.
 */
async function assertNoDuplicateDagChange(tx: Tx, payload: DagChangePayload): Promise<void> {
  const pending = await tx
    .select({ id: changeRequests.id, title: changeRequests.title, payload: changeRequests.payload })
    .from(changeRequests)
    .where(and(eq(changeRequests.app, payload.app), eq(changeRequests.kind, DAG_CHANGE_KIND), eq(changeRequests.state, "pending")))
    .orderBy(asc(changeRequests.createdAt));
  // Parsed through the one schema, so both sides have their keys in the same order.
  const same = (other: unknown) => JSON.stringify(DagChangePayloadSchema.parse(other)) === JSON.stringify(DagChangePayloadSchema.parse(payload));
  const first = pending.find((row) => same(row.payload));
  if (first) {
    throw conflict(`The same DAG change is already waiting for review: "${first.title}". Open that request instead of saving twice.`, {
      changeRequestId: first.id,
      title: first.title,
    });
  }
}
