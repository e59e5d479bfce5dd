"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { FgPackage } from "@/server/contracts/fg";
import type { FgClass, FgVersionDetail, PublishFgVersionInput, TryFgResult } from "@/server/contracts/fg-packages";

const enc = encodeURIComponent;

export function useFgClasses() {
  return useQuery({
    queryKey: queryKeys.fg.classes,
    queryFn: async () => (await apiFetch<{ classes: FgClass[] }>("/api/v1/fg")).classes,
  });
}

/** Published versions never change: no refetching. */
export function useFgVersion(className: string | null, version: string | null) {
  return useQuery({
    queryKey: queryKeys.fg.version(className ?? "", version ?? ""),
    queryFn: () => apiFetch<FgVersionDetail>(`/api/v1/fg/classes/${enc(className ?? "")}/versions/${enc(version ?? "")}`),
    enabled: Boolean(className && version),
    staleTime: Infinity,
  });
}

export function usePublishFgVersion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PublishFgVersionInput) => apiFetch<FgVersionDetail>("/api/v1/fg", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.fg.classes }),
  });
}

/** Runs a published version (`ref`) or an unpublished package on a featureMap. */
export function useTryFg() {
  return useMutation({
    mutationFn: (req: { ref: { className: string; version: string }; featureMap: unknown } | { pkg: FgPackage; featureMap: unknown }) =>
      "ref" in req
        ? apiFetch<TryFgResult>(`/api/v1/fg/classes/${enc(req.ref.className)}/versions/${enc(req.ref.version)}/try`, { method: "POST", body: { featureMap: req.featureMap } })
        : apiFetch<TryFgResult>("/api/v1/fg/try", { method: "POST", body: { package: req.pkg, featureMap: req.featureMap } }),
  });
}
