"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";

export function useConfigCenterStatus() {
  return useQuery({
    queryKey: queryKeys.configCenter,
    queryFn: () => call(api.getConfigCenterStatus),
    refetchInterval: 5_000,
  });
}

export function useResolveDelivery() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ releaseId, action }: { releaseId: string; action: "retry" | "skip" }) =>
      call(api.resolveFailedDelivery, { params: { releaseId }, body: { action } }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.configCenter }), qc.invalidateQueries({ queryKey: queryKeys.releases.all })]),
  });
}
