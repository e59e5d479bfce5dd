import type { approvals, changeRequests } from "@/db/schema";
import type { Approval, ChangeRequest } from "@/server/contracts/approvals";

/** A change request as the API and the kind handlers see it. */
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
    payload: row.payload ?? null,
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

/** What the audit log keeps of a request: everything but its payload (a whole document for a publish). */
export function auditSummary(request: ChangeRequestDto) {
  const { payload: _payload, approvals: list, ...rest } = request;
  return { ...rest, approvals: list.map((a) => ({ reviewer: a.reviewer, decision: a.decision, withdrawn: a.withdrawnAt !== null })) };
}
