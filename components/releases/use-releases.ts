"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { type ApiResponse, call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { RequestReleaseInput, RollbackReleaseInput, UpdateReleaseSettingsInput } from "@/server/contracts/releases";

export type ReleaseRequestResult = ApiResponse<typeof api.requestRelease>;

export function useReleases(app: string) {
  return useQuery({
    queryKey: queryKeys.releases.list(app),
    queryFn: () => call(api.listReleases, { params: { app } }),
    // While a release is on its way to the config center, follow its delivery.
    refetchInterval: (query) => (query.state.data?.releases.some((r) => r.delivery.state === "pending") ? 1_000 : 10_000),
  });
}

export function useRelease(app: string, id: string) {
  return useQuery({ queryKey: queryKeys.releases.one(app, id), queryFn: () => call(api.getRelease, { params: { app, id } }) });
}

/** What a rollback to the release would change from live, with or without the DAG-written keys. */
export function useRollbackPreview(app: string, id: string, rollBackDagKeys: boolean) {
  return useQuery({
    queryKey: queryKeys.releases.rollbackPreview(app, id, rollBackDagKeys),
    queryFn: () => call(api.previewRollback, { params: { app, id }, query: { rollBackDagKeys: rollBackDagKeys ? "true" : "false" } }),
  });
}

export function useRequestRelease(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestReleaseInput) => call(api.requestRelease, { params: { app }, body: input }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.releases.app(app) }), qc.invalidateQueries({ queryKey: queryKeys.changeRequests.all })]),
  });
}

export function useRollbackRelease(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: RollbackReleaseInput }) =>
      call(api.rollbackRelease, { params: { app, id }, body: input }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.releases.app(app) }), qc.invalidateQueries({ queryKey: queryKeys.changeRequests.all })]),
  });
}

export function useReleaseSettings(app: string) {
  return useQuery({ queryKey: queryKeys.releases.settings(app), queryFn: () => call(api.getReleaseSettings, { params: { app } }) });
}

export function useUpdateReleaseSettings(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateReleaseSettingsInput) => call(api.updateReleaseSettings, { params: { app }, body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.releases.app(app) }),
  });
}
