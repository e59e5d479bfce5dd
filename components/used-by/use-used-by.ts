"use client";

import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";

export function useModelVersionUsedBy(model: string, version: number) {
  return useQuery({
    queryKey: queryKeys.usedBy.modelVersion(model, version),
    queryFn: () => call(api.getModelVersionUsedBy, { params: { model, version } }),
    staleTime: 10_000,
  });
}

export function useFgVersionUsedBy(fgClass: string, version: string | null) {
  return useQuery({
    queryKey: queryKeys.usedBy.fgVersion(fgClass, version ?? ""),
    queryFn: () => call(api.getFgVersionUsedBy, { params: { fgClass, version: version ?? "" } }),
    enabled: Boolean(fgClass && version),
    staleTime: 10_000,
  });
}

export function useFeatureTableUsedBy(table: string) {
  return useQuery({
    queryKey: queryKeys.usedBy.featureTable(table),
    queryFn: () => call(api.getFeatureTableUsedBy, { params: { table } }),
    staleTime: 10_000,
  });
}
