"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { type ApiBody, call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { FgPackage } from "@/server/contracts/fg";
import type { PublishFgVersionInput } from "@/server/contracts/fg-packages";

export function useFgClasses() {
  return useQuery({
    queryKey: queryKeys.fg.classes,
    queryFn: async () => (await call(api.listFgClasses)).classes,
  });
}

/** Published versions never change: no refetching. */
export function useFgVersion(className: string | null, version: string | null) {
  return useQuery({
    queryKey: queryKeys.fg.version(className ?? "", version ?? ""),
    queryFn: () => call(api.getFgVersion, { params: { fgClass: className ?? "", version: version ?? "" } }),
    enabled: Boolean(className && version),
    staleTime: Infinity,
  });
}

export function usePublishFgVersion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PublishFgVersionInput) => call(api.publishFgVersion, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.fg.classes }),
  });
}

type FeatureMap = ApiBody<typeof api.tryFgVersion>["featureMap"];

/** Runs a published version (`ref`) or an unpublished package on a featureMap. */
export function useTryFg() {
  return useMutation({
    mutationFn: (req: { ref: { className: string; version: string }; featureMap: FeatureMap } | { pkg: FgPackage; featureMap: FeatureMap }) =>
      "ref" in req
        ? call(api.tryFgVersion, { params: { fgClass: req.ref.className, version: req.ref.version }, body: { featureMap: req.featureMap } })
        : call(api.tryDraftFg, { body: { package: req.pkg, featureMap: req.featureMap } }),
  });
}
