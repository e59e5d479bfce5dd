import type { approvals, changeRequests } from "@/db/schema";
import type { Approval, ChangeRequest } from "@/server/contracts/approvals";
import { DAG_CHANGE_KIND, type DagChangePayload } from "@/server/contracts/dag-change";
import { maskDagDocument, maskUrlCredentials } from "@/server/contracts/dag-secrets";

/**
 * A change request as the API and the kind handlers see it. Its payload is as people may see it:
 * a `dag_change` holds a whole DAG, whose hook secrets are masked here; a handler that needs the
 * secrets (applying the change, keeping the payload on an edit) reads the row's payload.
 */
export type ChangeRequestDto = ChangeRequest;

export function toApprovalDto(row: typeof approvals.$inferSelect): Approval {
  return {
    id: row.id,
    decision: row.decision,
    reviewerId: row.reviewerId,
    reviewer: row.reviewerName,
    comment: row.comment,
    at: row.at.toISOString(),
    requestRevision: row.requestRevision,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  };
}

export function toChangeRequestDto(row: typeof changeRequests.$inferSelect, approvalRows: (typeof approvals.$inferSelect)[]): ChangeRequestDto {
  const list = approvalRows.map(toApprovalDto).sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: row.id,
    app: row.app,
    kind: row.kind,
    title: row.title,
    payload: shownPayload(row.kind, row.payload ?? null),
    diff: row.diff ?? null,
    comment: row.comment,
    state: row.state,
    requiredApprovals: row.requiredApprovals,
    approvalCount: list.filter((a) => a.decision === "approve" && !a.withdrawnAt).length,
    requestedBy: row.requestedBy,
    requestedById: row.requestedById,
    excludedApprovers: row.excludedApprovers,
    revision: row.revision,
    version: row.version,
    approvals: list,
    outcome: row.outcome ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function shownPayload(kind: string, payload: unknown): unknown {
  if (kind !== DAG_CHANGE_KIND || !payload || typeof payload !== "object") return payload;
  const dag = payload as DagChangePayload;
  return { ...dag, document: dag.document ? maskDagDocument(dag.document) : dag.document, alertWebhookUrl: maskUrlCredentials(dag.alertWebhookUrl ?? null) };
}

/** What the audit log keeps of a request: everything but its payload (a whole document for a publish). */
export function auditSummary(request: ChangeRequestDto) {
  const { payload: _payload, approvals: list, ...rest } = request;
  return { ...rest, approvals: list.map((a) => ({ reviewer: a.reviewer, decision: a.decision, withdrawn: a.withdrawnAt !== null })) };
}
