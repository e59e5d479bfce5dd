"use client";

import { useQuery } from "@/components/query/use-query";
import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { ChangeRequest } from "@/server/contracts/approvals";
import type { DeliveryState } from "@/server/contracts/releases";

/** What a reviewer's decision did, as the Approvals page confirms it once the card has left the list. */
export type Decision = { decision: "approve" | "reject"; request: ChangeRequest };

const DELIVERY_WORDS: Record<DeliveryState, string> = {
  verifying: "is verifying",
  pending: "is being delivered",
  delivered: "is delivered",
  failed: "failed to deliver",
};
const POLL_MS = 1500;

/**
 * The line that confirms a decision (a polite live region: screen readers hear it too):
 * "Approved — release #12 is being delivered" (then "is delivered", followed until it is),
 * "Approved — 1 of 2 approvals, waiting for another reviewer", "Rejected with reason …".
 */
export function DecisionStatus({ decided }: { decided: Decision | null }) {
  return (
    <div role="status" aria-live="polite" className="mb-4 empty:hidden" data-testid="decision-status">
      {decided ? <DecisionLine key={`${decided.request.id}-${decided.decision}`} decided={decided} /> : null}
    </div>
  );
}

function DecisionLine({ decided: { decision, request } }: { decided: Decision }) {
  const outcome = (request.outcome ?? null) as { releaseId?: string; seq?: number } | null;
  const releaseId = decision === "approve" && request.state === "approved" ? outcome?.releaseId : undefined;
  const release = useQuery({
    queryKey: queryKeys.releases.one(request.app, releaseId ?? ""),
    queryFn: () => call(api.getRelease, { params: { app: request.app, id: releaseId! } }),
    enabled: Boolean(releaseId),
    refetchInterval: (query) => (query.state.data && ["delivered", "failed"].includes(query.state.data.delivery.state) ? false : POLL_MS),
  });
  // The decided card leaves the list (and with it the focus): the confirmation takes the focus.
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => line.current?.focus(), []);
  const tone = decision === "approve" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-900";
  let text: ReactNode;
  if (decision === "reject") {
    const reason = request.approvals.findLast((a) => a.decision === "reject")?.comment ?? "";
    text = <>Rejected “{request.title}” with reason: {reason}</>;
  } else if (releaseId) {
    const state = release.data?.delivery.state;
    text = (
      <>
        Approved — <Link className="font-medium underline" href={`/releases?app=${encodeURIComponent(request.app)}`}>release #{outcome?.seq} of {request.app}</Link>{" "}
        {state ? DELIVERY_WORDS[state] : "is made"}.
      </>
    );
  } else if (request.state === "approved") {
    text = <>Approved “{request.title}”: applied.</>;
  } else {
    const left = request.requiredApprovals - request.approvalCount;
    text = <>Approved “{request.title}” — {request.approvalCount} of {request.requiredApprovals} approvals, waiting for {left === 1 ? "another reviewer" : `${left} more reviewers`}.</>;
  }
  return <p ref={line} tabIndex={-1} className={`scroll-mt-24 rounded-md border px-4 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${tone}`} data-testid="decision-line">{text}</p>;
}
