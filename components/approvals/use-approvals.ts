"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { type ApiQuery, call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { VERIFICATION_POLL_MS } from "@/components/verification/use-verification";
import { api } from "@/server/contracts/api";
import type { ChangeRequest, DecisionInput, EditChangeRequestInput, RebaseChangeRequestInput, RejectionInput } from "@/server/contracts/approvals";

export type ListFilter = Pick<ApiQuery<typeof api.listChangeRequests>, "state" | "waiting" | "app">;

export function useChangeRequests(filter: ListFilter) {
  const query: Record<string, string | undefined> = { state: filter.state, waiting: filter.waiting, app: filter.app };
  return useQuery({
    queryKey: queryKeys.changeRequests.list(query),
    queryFn: async () => (await call(api.listChangeRequests, { query: { state: filter.state || undefined, waiting: filter.waiting || undefined, app: filter.app || undefined } })).requests,
    // Faster while a request's verification runs: its progress, then whether it may be approved.
    refetchInterval: (query) => (query.state.data?.some((r) => r.verification?.state === "running") ? VERIFICATION_POLL_MS : 15_000),
  });
}

/** One request (the Approvals page opened on it, e.g. from "Open the existing request"). */
export function useChangeRequest(id: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.changeRequests.all, "one", id ?? ""],
    queryFn: () => call(api.getChangeRequest, { params: { id: id! } }),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.verification?.state === "running" ? VERIFICATION_POLL_MS : 15_000),
  });
}

/** The count in the navigation. */
export function useWaitingCount() {
  return useQuery({
    queryKey: queryKeys.changeRequests.waiting,
    queryFn: async () => (await call(api.countWaitingChangeRequests)).waiting,
    refetchInterval: 20_000,
  });
}

function useRequestMutation<I>(send: (id: string, input: I) => Promise<ChangeRequest>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: I }) => send(id, input),
    onSettled: (request) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.changeRequests.all }),
        qc.invalidateQueries({ queryKey: ["verification"] }),
        request ? qc.invalidateQueries({ queryKey: queryKeys.releases.app(request.app) }) : undefined,
      ]),
  });
}

export const useApprove = () =>
  useRequestMutation<DecisionInput>((id, input) => call(api.approveChangeRequest, { params: { id }, body: input }));
export const useReject = () =>
  useRequestMutation<RejectionInput>((id, input) => call(api.rejectChangeRequest, { params: { id }, body: input }));
export const useEditChangeRequest = () =>
  useRequestMutation<EditChangeRequestInput>((id, input) => call(api.editChangeRequest, { params: { id }, body: input }));
export const useWithdraw = () =>
  useRequestMutation<void>((id) => call(api.withdrawChangeRequest, { params: { id } }));
export const useRebase = () =>
  useRequestMutation<RebaseChangeRequestInput>((id, input) => call(api.rebaseChangeRequest, { params: { id }, body: input }));
