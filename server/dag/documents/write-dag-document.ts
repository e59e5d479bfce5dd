import { eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { dagDocuments } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { DagDocument } from "@/server/contracts/dag";
import { maskDagDocument, maskUrlCredentials } from "@/server/contracts/dag-secrets";
import type { DagRecord } from "@/server/contracts/dag-save";
import { conflict } from "@/server/errors";
import type { DagDocumentRow } from "../state/lock-app-dag";
import { toDagRecord } from "./dag-record";

/**
 * Stores a checked DAG as the app's next version, audited: a save that needs no review, or an
 * approved `dag_change` request. `row` is the current row, locked by the caller (null: none yet).
 * The engines are told by the caller once the transaction has committed.
 */
export async function writeDagDocument(
  tx: Tx,
  opts: {
    actor: Actor;
    app: string;
    row: DagDocumentRow | null;
    document: DagDocument;
    alertWebhookUrl: string | null;
    /** Who the version is shown as saved by: the requester of an approved change. Default: the actor. */
    updatedBy?: string;
    changeRequestId?: string;
  },
): Promise<DagRecord> {
  const { row, app, document, alertWebhookUrl } = opts;
  const values = { document, alertWebhookUrl, version: (row?.version ?? 0) + 1, updatedBy: opts.updatedBy ?? actorLabel(opts.actor), updatedAt: new Date() };
  const [saved] = row
    ? await tx.update(dagDocuments).set(values).where(eq(dagDocuments.app, app)).returning()
    : await tx.insert(dagDocuments).values({ app, ...values }).onConflictDoNothing().returning();
  if (!saved) throw conflict("Someone saved the first version of this DAG at the same time. Reload to see it.");
  await recordAudit(tx, {
    actor: opts.actor,
    app,
    kind: "dag",
    action: row ? "update" : "create",
    target: app,
    // The audit log is append-only: secrets go in masked, like every answer.
    before: row ? { version: row.version, document: maskDagDocument(row.document), alertWebhookUrl: maskUrlCredentials(row.alertWebhookUrl) } : null,
    after: { version: saved.version, document: maskDagDocument(saved.document), alertWebhookUrl: maskUrlCredentials(alertWebhookUrl), ...(opts.changeRequestId ? { changeRequestId: opts.changeRequestId } : {}) },
  });
  return toDagRecord(app, saved);
}
