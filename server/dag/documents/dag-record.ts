import type { DagDocumentRow } from "../state/lock-app-dag";
import type { DagRecord } from "@/server/contracts/dag-save";

/** The API shape of an app's saved DAG; an app without one has version 0 and no nodes. */
export function toDagRecord(app: string, row: DagDocumentRow | null | undefined): DagRecord {
  if (!row) return { app, document: { nodes: [], edges: [] }, alertWebhookUrl: null, version: 0, updatedBy: null, updatedAt: null };
  return {
    app,
    document: row.document,
    alertWebhookUrl: row.alertWebhookUrl,
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}
