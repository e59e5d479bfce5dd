import type { DagDocumentRow } from "../state/lock-app-dag";
import type { DagRecord } from "@/server/contracts/dag-save";
import { outputWritesOf, type DagDocument } from "@/server/contracts/dag";
import { maskDagDocument, maskUrlCredentials } from "@/server/contracts/dag-secrets";

/**
 * The API shape of an app's saved DAG; an app without one has version 0 and no nodes. Hook
 * header values and URL credentials are masked (write-only): every DAG answer is built here.
 */
export function toDagRecord(app: string, row: DagDocumentRow | null | undefined): DagRecord {
  if (!row) return { app, document: { nodes: [], edges: [] }, alertWebhookUrl: null, version: 0, updatedBy: null, updatedAt: null };
  return {
    app,
    document: maskDagDocument(withCurrentOutputSettings(row.document)),
    alertWebhookUrl: maskUrlCredentials(row.alertWebhookUrl),
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Stored documents are not migrated: an old output setting is shown as what it means now. */
function withCurrentOutputSettings(document: DagDocument): DagRecord["document"] {
  const nodes = document.nodes.map(({ output, ...n }) => (output ? { ...n, output: { writes: outputWritesOf(output) } } : n));
  return { ...document, nodes };
}
