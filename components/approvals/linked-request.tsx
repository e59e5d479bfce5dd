"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { Alert } from "@/components/ui/alert";
import { api } from "@/server/contracts/api";
import { RequestCard } from "./request-card";

/**
 * The request a link points at (`/approvals?request=<id>`: from the DAG page, a node's history),
 * shown above the tabs whichever tab it would fall in (the requester's own is in none of theirs).
 */
export function LinkedRequest({ me }: { me: { id: string } }) {
  const id = useSearchParams().get("request");
  const request = useQuery({
    queryKey: [...queryKeys.changeRequests.all, "one", id],
    queryFn: () => call(api.getChangeRequest, { params: { id: id! } }),
    enabled: Boolean(id),
  });
  if (!id) return null;
  if (request.error) return <Alert tone="error" title="Could not load the linked request">{request.error.message}</Alert>;
  return request.data ? (
    <section className="mb-6" aria-label="The linked request">
      <RequestCard request={request.data} me={me} />
    </section>
  ) : null;
}
