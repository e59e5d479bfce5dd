"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { App, CreateAppInput, UpdateAppInput } from "@/server/contracts/apps";

export function useApps() {
  return useQuery({
    queryKey: queryKeys.apps.all,
    queryFn: async () => (await apiFetch<{ apps: App[] }>("/api/v1/apps")).apps,
  });
}

export function useApp(name: string) {
  return useQuery({ queryKey: queryKeys.apps.one(name), queryFn: () => apiFetch<App>(`/api/v1/apps/${encodeURIComponent(name)}`) });
}

export function useCreateApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAppInput) => apiFetch<App>("/api/v1/apps", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.apps.all }),
  });
}

export function useUpdateApp(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateAppInput) => apiFetch<App>(`/api/v1/apps/${encodeURIComponent(name)}`, { method: "PUT", body: input }),
    onSuccess: (app) => {
      qc.setQueryData(queryKeys.apps.one(name), app);
      return qc.invalidateQueries({ queryKey: queryKeys.apps.all });
    },
  });
}
