"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { ChangeRequest, ChangeRequestListItem, DecisionInput, EditChangeRequestInput, RejectionInput } from "@/server/contracts/approvals";

export type ListFilter = { state?: "pending" | "approved" | "rejected" | "withdrawn" | "all"; waiting?: "me"; app?: string };

export function useChangeRequests(filter: ListFilter) {
  const query: Record<string, string | undefined> = { state: filter.state, waiting: filter.waiting, app: filter.app };
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
  return useQuery({
    queryKey: queryKeys.changeRequests.list(query),
    queryFn: async () => (await apiFetch<{ requests: ChangeRequestListItem[] }>(`/api/v1/change-requests?${search.toString()}`)).requests,
    refetchInterval: 15_000,
  });
}

/** The count in the navigation. */
export function useWaitingCount() {
  return useQuery({
    queryKey: queryKeys.changeRequests.waiting,
    queryFn: async () => (await apiFetch<{ waiting: number }>("/api/v1/change-requests/waiting-count")).waiting,
    refetchInterval: 20_000,
  });
}

function useRequestMutation<I>(call: (id: string, input: I) => Promise<ChangeRequest>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: I }) => call(id, input),
    onSettled: (request) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.changeRequests.all }),
        request ? qc.invalidateQueries({ queryKey: queryKeys.releases.app(request.app) }) : undefined,
      ]),
  });
}

export const useApprove = () =>
  useRequestMutation<DecisionInput>((id, input) => apiFetch<ChangeRequest>(`/api/v1/change-requests/${id}/approve`, { method: "POST", body: input }));
export const useReject = () =>
  useRequestMutation<RejectionInput>((id, input) => apiFetch<ChangeRequest>(`/api/v1/change-requests/${id}/reject`, { method: "POST", body: input }));
export const useEditChangeRequest = () =>
  useRequestMutation<EditChangeRequestInput>((id, input) => apiFetch<ChangeRequest>(`/api/v1/change-requests/${id}`, { method: "PATCH", body: input }));
export const useWithdraw = () =>
  useRequestMutation<void>((id) => apiFetch<ChangeRequest>(`/api/v1/change-requests/${id}/withdraw`, { method: "POST" }));
