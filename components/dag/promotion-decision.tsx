"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ChangeRequest } from "@/server/contracts/approvals";
import type { DagNodeStatus } from "@/server/contracts/dag-status";
import { useDecidePromotion } from "./use-dag";

/**
 * A promotion waiting for a reviewer, at the top of the node's side panel: Approve (or reject
 * with a reason) right there, and a line that confirms what the decision did once the node has
 * moved on. Others see where the request is.
 */
export function PromotionDecision({ app, status, canReview }: { app: string; status: DagNodeStatus | undefined; canReview: boolean }) {
  const decide = useDecidePromotion(app);
  const [comment, setComment] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const waiting = status?.phase === "waiting_approval" && status.approvalRequestId ? status : null;
  const confirm = (decision: "approve" | "reject", version: string) => (request: ChangeRequest) => {
    if (decision === "reject") setDone(`Rejected the promotion of ${version} with reason: ${request.approvals.findLast((a) => a.decision === "reject")?.comment ?? comment}`);
    else if (request.state === "approved") setDone(`Approved — ${version} of ${status?.key} goes online.`);
    else setDone(`Approved — ${request.approvalCount} of ${request.requiredApprovals} approvals; waiting for another reviewer.`);
  };
  return (
    <>
      <div role="status" aria-live="polite" className="empty:hidden">
        {done ? <p className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="promotion-decided">{done}</p> : null}
      </div>
      {waiting ? (
        <Alert tone="warning" title={`Promotion of ${waiting.ready} waits for a reviewer`}>
          {canReview ? (
            <div className="mt-2 space-y-2" data-testid="promotion-decision">
              <div className="flex gap-2">
                <Button
                  size="sm"
                  variant="primary"
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ id: waiting.approvalRequestId!, decision: "approve", comment }, { onSuccess: confirm("approve", waiting.ready ?? "") })}
                >
                  Approve promotion
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  disabled={decide.isPending || !comment.trim()}
                  onClick={() => decide.mutate({ id: waiting.approvalRequestId!, decision: "reject", comment }, { onSuccess: confirm("reject", waiting.ready ?? "") })}
                >
                  Reject
                </Button>
              </div>
              <Field label="Comment" htmlFor="promotion-comment" hint="Required to reject.">
                <Input id="promotion-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
              </Field>
              {decide.error ? <p role="alert" className="text-xs text-red-700">{decide.error.message}</p> : null}
              <a className="text-xs underline" href={`/approvals?request=${waiting.approvalRequestId}`}>
                Open the promotion request
              </a>
            </div>
          ) : (
            <a className="underline" href={`/approvals?request=${waiting.approvalRequestId}`}>
              Open the promotion request
            </a>
          )}
        </Alert>
      ) : null}
    </>
  );
}
