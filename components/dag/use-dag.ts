"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { DagNodeState } from "@/server/contracts/dag";
import type { DagRecord, SaveDagInput } from "@/server/contracts/dag-save";
import type { DagAlertsSchema, DagNodeEvent, DagStatus } from "@/server/contracts/dag-status";
import type { CreateHookEndpointInput, HookEndpoint } from "@/server/contracts/hook-allowlist";
import type { z } from "zod";

const enc = encodeURIComponent;

export function useDag(app: string) {
  return useQuery({ queryKey: queryKeys.dag.document(app), queryFn: () => apiFetch<DagRecord>(`/api/v1/apps/${enc(app)}/dag`) });
}

export function useSaveDag(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveDagInput) => apiFetch<DagRecord>(`/api/v1/apps/${enc(app)}/dag`, { method: "PUT", body: input }),
    onSuccess: (record) => {
      qc.setQueryData(queryKeys.dag.document(app), record);
      void qc.invalidateQueries({ queryKey: queryKeys.dag.status(app) });
    },
  });
}

/** Live: the canvas polls the engine's picture while it is open. */
export function useDagStatus(app: string) {
  return useQuery({
    queryKey: queryKeys.dag.status(app),
    queryFn: () => apiFetch<DagStatus>(`/api/v1/apps/${enc(app)}/dag/status`),
    refetchInterval: 1500,
  });
}

export function useDagAlerts(app: string) {
  return useQuery({
    queryKey: queryKeys.dag.alerts(app),
    queryFn: () => apiFetch<z.infer<typeof DagAlertsSchema>>(`/api/v1/apps/${enc(app)}/dag/alerts`),
    refetchInterval: 10_000,
  });
}

export function useNodeEvents(app: string, key: string | null) {
  return useQuery({
    queryKey: queryKeys.dag.events(app, key ?? ""),
    queryFn: async () => (await apiFetch<{ events: DagNodeEvent[] }>(`/api/v1/apps/${enc(app)}/dag/nodes/${enc(key!)}/events`)).events,
    enabled: key !== null,
    refetchInterval: 2000,
  });
}

export function useRetryNode(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => apiFetch<DagNodeState>(`/api/v1/apps/${enc(app)}/dag/nodes/${enc(key)}/retry`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["dag", app] }),
  });
}

export function useHookAllowlist() {
  return useQuery({
    queryKey: queryKeys.dag.allowlist,
    queryFn: async () => (await apiFetch<{ endpoints: HookEndpoint[] }>("/api/v1/admin/hook-allowlist")).endpoints,
  });
}

export function useAddHookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateHookEndpointInput) =>
      apiFetch<{ endpoint: HookEndpoint; secret: string }>("/api/v1/admin/hook-allowlist", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.dag.allowlist }),
  });
}

export function useRemoveHookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<HookEndpoint>(`/api/v1/admin/hook-allowlist/${enc(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.dag.allowlist }),
  });
}

/** A reviewer decides a promotion from the canvas (the same change request the Approvals page lists). */
export function useDecidePromotion(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, comment }: { id: string; decision: "approve" | "reject"; comment: string }) =>
      apiFetch<unknown>(`/api/v1/change-requests/${enc(id)}/${decision}`, { method: "POST", body: { comment } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["dag", app] }),
  });
}
