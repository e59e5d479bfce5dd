"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { DagChangeDiffSchema, describeWeakening } from "@/server/contracts/dag-change";
import { usePendingDagChanges } from "./use-dag";

/**
 * DAG saves that weaken review wait for a reviewer (docs/dag.md): the canvas shows the DAG as
 * it still is, and this says what is waiting and what it would change.
 */
export function PendingDagChanges({ app }: { app: string }) {
  const pending = usePendingDagChanges(app);
  const requests = pending.data ?? [];
  if (requests.length === 0) return null;
  return (
    <Alert tone="warning" title={requests.length === 1 ? "A DAG change waits for a reviewer" : `${requests.length} DAG changes wait for a reviewer`}>
      <p>The DAG below is the one in effect; these saves take effect once approved (if the DAG was not saved again meanwhile).</p>
      <ul className="mt-2 space-y-2" data-testid="pending-dag-changes">
        {requests.map((request) => {
          const diff = DagChangeDiffSchema.safeParse(request.diff);
          return (
            <li key={request.id}>
              <Link className="font-medium underline" href={`/approvals?request=${request.id}`}>
                {request.title}
              </Link>{" "}
              <span className="text-xs">asked by {request.requestedBy}</span>
              {diff.success ? (
                <ul className="list-disc pl-5 text-xs">
                  {diff.data.reasons.map((reason, i) => (
                    <li key={i}>{describeWeakening(reason)}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Alert>
  );
}
