"use client";

import { useWaitingCount } from "./use-approvals";

/** The number of requests waiting for the signed-in person, beside "Approvals" in the navigation. */
export function WaitingCountBadge() {
  const { data } = useWaitingCount();
  if (!data) return null;
  return (
    <span className="ml-auto rounded-full bg-indigo-600 px-1.5 text-xs font-semibold text-white" data-testid="approvals-waiting-count" aria-hidden title={`${data} waiting for you`}>
      {data}
    </span>
  );
}
