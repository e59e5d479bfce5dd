"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { Model, ModelDetail, ModelOperation, ModelOperationRequest, ModelOverview } from "@/server/contracts/models";

const enc = encodeURIComponent;

/** Instance state is live: the pages poll while they are open. */
export function useModels() {
  return useQuery({
    queryKey: queryKeys.models.all,
    queryFn: async () => (await apiFetch<{ models: ModelOverview[] }>("/api/v1/models")).models,
    refetchInterval: 3000,
  });
}

export function useModel(name: string) {
  return useQuery({ queryKey: queryKeys.models.one(name), queryFn: () => apiFetch<ModelDetail>(`/api/v1/models/${enc(name)}`), refetchInterval: 2000 });
}

export function useModelOperations(name: string) {
  return useQuery({
    queryKey: queryKeys.models.operations(name),
    queryFn: async () => (await apiFetch<{ operations: ModelOperation[] }>(`/api/v1/models/${enc(name)}/operations`)).operations,
    // Fast while something runs, so progress reads as progress.
    refetchInterval: (q) => (q.state.data?.some((o) => o.state === "running") ? 400 : 3000),
  });
}

export function useSignatures(name: string, version: number | null, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.models.signatures(name, version),
    queryFn: () =>
      apiFetch<{ version: number | null; instance: string; text: string }>(`/api/v1/models/${enc(name)}/signatures${version ? `?version=${version}` : ""}`),
    enabled,
  });
}

export function useStartOperation(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: ModelOperationRequest) => apiFetch<ModelOperation>(`/api/v1/models/${enc(name)}/operations`, { method: "POST", body: req }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.one(name) }),
  });
}

export function useImportModelConf() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => apiFetch<{ models: { model: Model; created: boolean }[] }>("/api/v1/model-conf", { method: "POST", body: { text } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }),
  });
}
