"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { ModelOperationRequest } from "@/server/contracts/models";

/** Instance state is live: the pages poll while they are open. */
export function useModels() {
  return useQuery({
    queryKey: queryKeys.models.all,
    queryFn: async () => (await call(api.listModels)).models,
    refetchInterval: 3000,
  });
}

export function useModel(name: string) {
  return useQuery({ queryKey: queryKeys.models.one(name), queryFn: () => call(api.getModel, { params: { model: name } }), refetchInterval: 2000 });
}

export function useModelOperations(name: string) {
  return useQuery({
    queryKey: queryKeys.models.operations(name),
    queryFn: async () => (await call(api.listModelOperations, { params: { model: name } })).operations,
    // Fast while something runs, so progress reads as progress.
    refetchInterval: (q) => (q.state.data?.some((o) => o.state === "running") ? 400 : 3000),
  });
}

export function useSignatures(name: string, version: number | null, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.models.signatures(name, version),
    queryFn: () =>
      call(api.getSignatures, { params: { model: name }, query: { version: version || undefined } }),
    enabled,
  });
}

export function useStartOperation(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: ModelOperationRequest) => call(api.startModelOperation, { params: { model: name }, body: req }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.one(name) }),
  });
}

export function useImportModelConf() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => call(api.importModelConf, { body: { text } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all }),
  });
}
