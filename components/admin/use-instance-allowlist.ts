"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { CreateAllowlistEntryInput } from "@/server/contracts/instance-allowlist";

export function useInstanceAllowlist() {
  return useQuery({ queryKey: queryKeys.instanceAllowlist, queryFn: async () => (await call(api.listInstanceAllowlist)).entries });
}

export function useAddAllowlistEntry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAllowlistEntryInput) => call(api.addInstanceAllowlistEntry, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.instanceAllowlist }),
  });
}

export function useRemoveAllowlistEntry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.removeInstanceAllowlistEntry, { params: { id } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: queryKeys.instanceAllowlist });
      // Registrations only the entry allowed are gone with it.
      await qc.invalidateQueries({ queryKey: queryKeys.models.all });
    },
  });
}
