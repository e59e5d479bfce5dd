"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type {
  CloneSolutionInput,
  DraftComparison,
  ImportPreview,
  PublishResult,
  PublishSolutionsInput,
  SaveSolutionInput,
  SaveSplitInput,
  SolutionsDraft,
} from "@/server/contracts/solution-drafts";

const base = (app: string) => `/api/v1/apps/${encodeURIComponent(app)}`;

export function useSolutionsDraft(app: string) {
  return useQuery({ queryKey: queryKeys.solutions.draft(app), queryFn: () => apiFetch<SolutionsDraft>(`${base(app)}/solutions`), enabled: app !== "" });
}

/** The draft against the last published release (server/solutions/compare-draft-with-release.ts). */
export function useSolutionsDiff(app: string) {
  return useQuery({ queryKey: queryKeys.solutions.diff(app), queryFn: () => apiFetch<DraftComparison>(`${base(app)}/solutions-diff`) });
}

/** Every write answers with the new draft: it replaces the cached one, and the diff is refetched. */
function useDraftWrite<I>(app: string, send: (input: I) => Promise<SolutionsDraft>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (draft) => {
      qc.setQueryData(queryKeys.solutions.draft(app), draft);
      return qc.invalidateQueries({ queryKey: queryKeys.solutions.diff(app) });
    },
  });
}

export function useCreateSolution(app: string) {
  return useDraftWrite(app, (input: SaveSolutionInput) => apiFetch<SolutionsDraft>(`${base(app)}/solutions`, { method: "POST", body: input }));
}

export function useUpdateSolution(app: string) {
  return useDraftWrite(app, ({ name, input }: { name: string; input: SaveSolutionInput }) =>
    apiFetch<SolutionsDraft>(`${base(app)}/solutions/${encodeURIComponent(name)}`, { method: "PUT", body: input }),
  );
}

export function useDeleteSolution(app: string) {
  return useDraftWrite(app, ({ name, version }: { name: string; version: number }) =>
    apiFetch<SolutionsDraft>(`${base(app)}/solutions/${encodeURIComponent(name)}`, { method: "DELETE", body: { version } }),
  );
}

export function useCloneSolution(app: string) {
  return useDraftWrite(app, ({ name, input }: { name: string; input: CloneSolutionInput }) =>
    apiFetch<SolutionsDraft>(`${base(app)}/solutions/${encodeURIComponent(name)}/clone`, { method: "POST", body: input }),
  );
}

export function useSaveSplit(app: string) {
  return useDraftWrite(app, (input: SaveSplitInput) => apiFetch<SolutionsDraft>(`${base(app)}/solutions-split`, { method: "PUT", body: input }));
}

export function usePreviewImport(app: string) {
  return useMutation({
    mutationFn: (document: unknown) => apiFetch<ImportPreview>(`${base(app)}/solutions-import/preview`, { method: "POST", body: { document } }),
  });
}

export function useImportSolutions(app: string) {
  return useDraftWrite(app, async (input: { version: number; document: unknown }) => {
    const result = await apiFetch<{ changed: boolean; draft: SolutionsDraft }>(`${base(app)}/solutions-import`, { method: "POST", body: input });
    return result.draft;
  });
}

export function usePublishSolutions(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PublishSolutionsInput) => apiFetch<PublishResult>(`${base(app)}/solutions-publish`, { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.solutions.app(app) }),
  });
}

/** Replaces the cached draft with the one a 409 carried, so the page shows the other change. */
export function useAdoptDraft(app: string) {
  const qc = useQueryClient();
  return (draft: SolutionsDraft) => {
    qc.setQueryData(queryKeys.solutions.draft(app), draft);
    void qc.invalidateQueries({ queryKey: queryKeys.solutions.diff(app) });
  };
}

export function exportUrl(app: string): string {
  return `${base(app)}/solutions-export`;
}
