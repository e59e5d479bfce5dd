"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import { DAG_CHANGE_KIND, isPendingDagSave } from "@/server/contracts/dag-change";
import type { SaveDagInput } from "@/server/contracts/dag-save";
import type { CreateHookEndpointInput } from "@/server/contracts/hook-allowlist";

export function useDag(app: string) {
  return useQuery({ queryKey: queryKeys.dag.document(app), queryFn: () => call(api.getDag, { params: { app } }) });
}

export function useSaveDag(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveDagInput) => call(api.saveDag, { params: { app }, body: input }),
    onSuccess: (result) => {
      // A save that weakens review stored nothing: the request it opened is listed instead.
      if (isPendingDagSave(result)) return void qc.invalidateQueries({ queryKey: queryKeys.changeRequests.all });
      qc.setQueryData(queryKeys.dag.document(app), result);
      void qc.invalidateQueries({ queryKey: queryKeys.dag.status(app) });
    },
  });
}

/** DAG saves of the app waiting for a reviewer (dag_change requests), newest first. */
export function usePendingDagChanges(app: string) {
  const query = { app, kind: DAG_CHANGE_KIND, state: "pending" } as const;
  return useQuery({
    queryKey: queryKeys.changeRequests.list(query),
    queryFn: async () => (await call(api.listChangeRequests, { query })).requests,
    refetchInterval: 15_000,
  });
}

/** Live: the canvas polls the engine's picture while it is open. */
export function useDagStatus(app: string) {
  return useQuery({
    queryKey: queryKeys.dag.status(app),
    queryFn: () => call(api.getDagStatus, { params: { app } }),
    refetchInterval: 1500,
  });
}

export function useDagAlerts(app: string) {
  return useQuery({
    queryKey: queryKeys.dag.alerts(app),
    queryFn: () => call(api.listDagAlerts, { params: { app } }),
    refetchInterval: 10_000,
  });
}

export function useNodeEvents(app: string, key: string | null) {
  return useQuery({
    queryKey: queryKeys.dag.events(app, key ?? ""),
    queryFn: async () => (await call(api.listDagNodeEvents, { params: { app, key: key! } })).events,
    enabled: key !== null,
    refetchInterval: 2000,
  });
}

export function useRetryNode(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => call(api.retryDagNode, { params: { app, key } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["dag", app] }),
  });
}

/** Lifts a rollback's hold on an output node: it publishes its inputs' online versions again. */
export function useResumeNode(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => call(api.resumeDagNode, { params: { app, key } }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ["dag", app] }), qc.invalidateQueries({ queryKey: queryKeys.releases.app(app) })]),
  });
}

export function useHookAllowlist() {
  return useQuery({
    queryKey: queryKeys.dag.allowlist,
    queryFn: async () => (await call(api.listHookAllowlist)).endpoints,
  });
}

export function useAddHookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateHookEndpointInput) =>
      call(api.addHookAllowlistEntry, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.dag.allowlist }),
  });
}

export function useRemoveHookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.removeHookAllowlistEntry, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.dag.allowlist }),
  });
}

/** A reviewer decides a promotion from the canvas (the same change request the Approvals page lists). */
export function useDecidePromotion(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, comment }: { id: string; decision: "approve" | "reject"; comment: string }) =>
      call(decision === "approve" ? api.approveChangeRequest : api.rejectChangeRequest, { params: { id }, body: { comment } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["dag", app] }),
  });
}
