"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";

/** While a run goes on, how often its report is read again. */
export const VERIFICATION_POLL_MS = 1_000;

/** One verification report; polled while it runs. */
export function useVerificationReport(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.verification.report(id ?? ""),
    queryFn: () => call(api.getVerificationReport, { params: { id: id! } }),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.state === "running" ? VERIFICATION_POLL_MS : false),
  });
}

/** Re-runs a change request's verification; the request (and its new report) are read again. */
export function useRerunVerification() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.verifyChangeRequest, { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.changeRequests.all }),
  });
}
