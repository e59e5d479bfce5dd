"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { CreateAppInput, UpdateAppInput } from "@/server/contracts/apps";

export function useApps() {
  return useQuery({
    queryKey: queryKeys.apps.all,
    queryFn: async () => (await call(api.listApps)).apps,
  });
}

export function useApp(name: string) {
  return useQuery({ queryKey: queryKeys.apps.one(name), queryFn: () => call(api.getApp, { params: { app: name } }) });
}

export function useCreateApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAppInput) => call(api.createApp, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.apps.all }),
  });
}

export function useUpdateApp(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateAppInput) => call(api.updateApp, { params: { app: name }, body: input }),
    onSuccess: (app) => {
      qc.setQueryData(queryKeys.apps.one(name), app);
      return qc.invalidateQueries({ queryKey: queryKeys.apps.all });
    },
  });
}
