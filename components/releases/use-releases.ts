"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { ChangeRequest } from "@/server/contracts/approvals";
import type { AppReleases, Release, ReleaseDetail, ReleaseSettings, RequestReleaseInput, RollbackReleaseInput, UpdateReleaseSettingsInput } from "@/server/contracts/releases";

export type ReleaseRequestResult = { changeRequest: ChangeRequest | null; release: Release | null };

const base = (app: string) => `/api/v1/apps/${encodeURIComponent(app)}`;

export function useReleases(app: string) {
  return useQuery({
    queryKey: queryKeys.releases.list(app),
    queryFn: () => apiFetch<AppReleases>(`${base(app)}/releases`),
    // While a release is on its way to the config center, follow its delivery.
    refetchInterval: (query) => (query.state.data?.releases.some((r) => r.delivery.state === "pending") ? 1_000 : 10_000),
  });
}

export function useRelease(app: string, id: string) {
  return useQuery({ queryKey: queryKeys.releases.one(app, id), queryFn: () => apiFetch<ReleaseDetail>(`${base(app)}/releases/${id}`) });
}

export function useRequestRelease(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestReleaseInput) => apiFetch<ReleaseRequestResult>(`${base(app)}/releases`, { method: "POST", body: input }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.releases.app(app) }), qc.invalidateQueries({ queryKey: queryKeys.changeRequests.all })]),
  });
}

export function useRollbackRelease(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: RollbackReleaseInput }) =>
      apiFetch<ReleaseRequestResult>(`${base(app)}/releases/${id}/rollback`, { method: "POST", body: input }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.releases.app(app) }), qc.invalidateQueries({ queryKey: queryKeys.changeRequests.all })]),
  });
}

export function useReleaseSettings(app: string) {
  return useQuery({ queryKey: queryKeys.releases.settings(app), queryFn: () => apiFetch<ReleaseSettings>(`${base(app)}/release-settings`) });
}

export function useUpdateReleaseSettings(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateReleaseSettingsInput) => apiFetch<ReleaseSettings>(`${base(app)}/release-settings`, { method: "PUT", body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.releases.app(app) }),
  });
}
