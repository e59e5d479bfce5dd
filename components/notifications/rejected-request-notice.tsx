"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { useNotifications } from "./use-notifications";

/**
 * On the Solutions page: when the person's latest decided request for this app was rejected,
 * the reviewer's reason stays in sight (read or not) until a later request is decided.
 */
export function RejectedRequestNotice({ app }: { app: string }) {
  const latest = useNotifications({ app, kinds: ["approved", "rejected"], limit: 1 }).data?.items[0];
  if (!latest || latest.kind !== "rejected") return null;
  return (
    <div data-testid="rejected-request-notice">
      <Alert tone="warning" title="Your change request was rejected">
        <p className="break-words">{latest.message}</p>
        {latest.changeRequestId ? (
          <Link href={`/approvals?request=${latest.changeRequestId}`} className="mt-1 inline-block font-medium underline">
            Open the request
          </Link>
        ) : null}
      </Alert>
    </div>
  );
}
