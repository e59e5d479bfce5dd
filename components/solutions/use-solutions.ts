"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { apiUrl, call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type {
  CloneSolutionInput,
  PublishSolutionsInput,
  SaveSolutionInput,
  SaveSplitInput,
  SolutionsDraft,
} from "@/server/contracts/solution-drafts";

export function useSolutionsDraft(app: string) {
  return useQuery({ queryKey: queryKeys.solutions.draft(app), queryFn: () => call(api.getSolutions, { params: { app } }), enabled: app !== "" });
}

/** The draft against the last published release (server/solutions/compare-draft-with-release.ts). */
export function useSolutionsDiff(app: string) {
  return useQuery({ queryKey: queryKeys.solutions.diff(app), queryFn: () => call(api.getSolutionsDiff, { params: { app } }), enabled: app !== "" });
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
  return useDraftWrite(app, (input: SaveSolutionInput) => call(api.createSolution, { params: { app }, body: input }));
}

export function useUpdateSolution(app: string) {
  return useDraftWrite(app, ({ name, input }: { name: string; input: SaveSolutionInput }) =>
    call(api.updateSolution, { params: { app, solution: name }, body: input }),
  );
}

export function useDeleteSolution(app: string) {
  return useDraftWrite(app, ({ name, version }: { name: string; version: number }) =>
    call(api.deleteSolution, { params: { app, solution: name }, body: { version } }),
  );
}

export function useCloneSolution(app: string) {
  return useDraftWrite(app, ({ name, input }: { name: string; input: CloneSolutionInput }) =>
    call(api.cloneSolution, { params: { app, solution: name }, body: input }),
  );
}

export function useSaveSplit(app: string) {
  return useDraftWrite(app, (input: SaveSplitInput) => call(api.saveSolutionsSplit, { params: { app }, body: input }));
}

export function usePreviewImport(app: string) {
  return useMutation({
    mutationFn: (document: unknown) => call(api.previewSolutionsImport, { params: { app }, body: { document } }),
  });
}

export function useImportSolutions(app: string) {
  return useDraftWrite(app, async (input: { version: number; document: unknown }) => {
    const result = await call(api.importSolutions, { params: { app }, body: input });
    return result.draft;
  });
}

export function usePublishSolutions(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PublishSolutionsInput) => call(api.publishSolutions, { params: { app }, body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.solutions.app(app) }),
  });
}

/** The draft against live and the backup a delivered rollback kept (server/solutions/get-draft-status.ts). */
export function useDraftStatus(app: string) {
  return useQuery({ queryKey: queryKeys.solutions.live(app), queryFn: () => call(api.getDraftStatus, { params: { app } }), refetchInterval: 10_000 });
}

export function useResetDraftToLive(app: string) {
  return useDraftWrite(app, async (version: number) => (await call(api.resetDraftToLive, { params: { app }, body: { version } })).draft);
}

export function useRestoreDraftBackup(app: string) {
  return useDraftWrite(app, async (version: number) => (await call(api.restoreDraftBackup, { params: { app }, body: { version } })).draft);
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
  return apiUrl(api.exportSolutions, { params: { app } });
}
