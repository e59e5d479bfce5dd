import { eq } from "drizzle-orm";
import { changeRequests } from "@/db/schema";
import type { ChangeKindHandler } from "@/server/approvals/change-kind-handler";
import { DagChangePayloadSchema } from "@/server/contracts/dag-change";
import { conflict } from "@/server/errors";
import { checkDagSave } from "../documents/check-dag-save";
import { toDagRecord } from "../documents/dag-record";
import { writeDagDocument } from "../documents/write-dag-document";
import { notifyDagChange } from "../engine/wake";
import { lockAppDag } from "../state/lock-app-dag";

/**
 * A `dag_change` request (request-dag-change.ts) decided by a reviewer: approved, the DAG it
 * holds is saved as the next version, shown as saved by the requester, audited with the request;
 * refused with 409 (the request stays pending) when the DAG was saved since it was asked, since
 * the reviewer read a change against that version. Rejected or withdrawn, nothing was stored.
 */
export const dagChangeKind: ChangeKindHandler = {
  async onApproved(tx, request, actor) {
    // The stored payload, not the request's (which shows hook secrets masked).
    const [stored] = await tx.select({ payload: changeRequests.payload }).from(changeRequests).where(eq(changeRequests.id, request.id));
    const payload = DagChangePayloadSchema.parse(stored?.payload);
    const row = await lockAppDag(tx, payload.app);
    const current = row?.version ?? 0;
    if (current !== payload.baseVersion) {
      throw conflict(
        `The DAG of ${payload.app} was saved since this change was asked for (now version ${current}, the request is on version ${payload.baseVersion}). ` +
          "Reject it; the requester saves the change again on the current DAG.",
        { current: toDagRecord(payload.app, row), baseVersion: payload.baseVersion },
      );
    }
    // The allow-list may have lost a hook meanwhile: the same rules as any save.
    await checkDagSave(tx, payload.document, payload.alertWebhookUrl, "The DAG change cannot be applied");
    const record = await writeDagDocument(tx, {
      actor,
      app: payload.app,
      row,
      document: payload.document,
      alertWebhookUrl: payload.alertWebhookUrl,
      updatedBy: request.requestedBy,
      changeRequestId: request.id,
    });
    return { outcome: { version: record.version }, afterCommit: [() => notifyDagChange(payload.app)] };
  },
};
