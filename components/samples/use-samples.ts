"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { CreateSampleRequestInput, UpdateVerificationSettingsInput } from "@/server/contracts/verification";

export function useSampleRequests(app: string) {
  return useQuery({ queryKey: queryKeys.samples.list(app), queryFn: () => call(api.listSampleRequests, { params: { app } }) });
}

export function useCreateSampleRequest(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateSampleRequestInput) => call(api.createSampleRequest, { params: { app }, body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.samples.list(app) }),
  });
}

export function useDeleteSampleRequest(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.deleteSampleRequest, { params: { app, id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.samples.list(app) }),
  });
}

/** The app's recent trials (editors and admins); fetched once the picker opens. */
export function useRecentTrials(app: string, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.samples.recentTrials(app), queryFn: () => call(api.listRecentTrials, { params: { app } }), enabled });
}

export function useAddTrialSamples(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (trialIds: string[]) => call(api.addTrialSamples, { params: { app }, body: { trialIds } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.samples.list(app) }),
  });
}

export function useVerificationSettings(app: string) {
  return useQuery({ queryKey: queryKeys.samples.settings(app), queryFn: () => call(api.getVerificationSettings, { params: { app } }) });
}

export function useUpdateVerificationSettings(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateVerificationSettingsInput) => call(api.updateVerificationSettings, { params: { app }, body: input }),
    onSuccess: (settings) => qc.setQueryData(queryKeys.samples.settings(app), settings),
  });
}
