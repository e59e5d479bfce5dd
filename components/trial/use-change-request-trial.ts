"use client";

import { useQuery } from "@/components/query/use-query";
import { useMemo } from "react";
import { call } from "@/components/api-client";
import { useChangeRequest } from "@/components/approvals/use-approvals";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { ScoreRequestInput } from "@/server/contracts/scoring";

/**
 * The trial page opened from a change request (`/trial?changeRequest=<id>`): the request, and
 * its app's first sample request under the request's candidate, to score next to live.
 */
export function useChangeRequestTrial(id: string | null) {
  const request = useChangeRequest(id ?? undefined);
  const app = request.data?.app ?? "";
  const samples = useQuery({
    queryKey: queryKeys.samples.list(app),
    queryFn: () => call(api.listSampleRequests, { params: { app } }),
    enabled: Boolean(app),
  });
  const sample = samples.data?.sampleRequests[0] ?? null;
  const loaded = Boolean(request.data && samples.data);
  // One object per request and sample: the form fills itself in again only when it changes.
  const initial = useMemo<ScoreRequestInput | null>(
    () => (id && loaded && app ? { app_name: app, origin: sample?.origin ?? {}, options: { config: "published", trace: true, source: { kind: "change-request", id } } } : null),
    [id, loaded, app, sample],
  );
  return { request: request.data ?? null, sample, initial, loading: request.isLoading || samples.isLoading, error: request.error ?? samples.error };
}
