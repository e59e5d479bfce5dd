"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { ConfigCenterStatus } from "@/server/contracts/config-center";

export function useConfigCenterStatus() {
  return useQuery({
    queryKey: queryKeys.configCenter,
    queryFn: () => apiFetch<ConfigCenterStatus>("/api/v1/admin/config-center"),
    refetchInterval: 5_000,
  });
}

export function useResolveDelivery() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ releaseId, action }: { releaseId: string; action: "retry" | "skip" }) =>
      apiFetch<{ releaseId: string; state: string }>(`/api/v1/admin/config-center/deliveries/${releaseId}`, { method: "POST", body: { action } }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.configCenter }), qc.invalidateQueries({ queryKey: queryKeys.releases.all })]),
  });
}
