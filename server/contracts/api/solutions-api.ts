import { AppNameParamsSchema } from "../apps";
import { BODY_LIMITS } from "../limits";
import {
  CloneSolutionSchema,
  DeleteSolutionSchema,
  DraftComparisonSchema,
  DraftStatusSchema,
  DraftVersionBodySchema,
  ImportPreviewSchema,
  ImportResultSchema,
  ImportSolutionsSchema,
  PreviewImportSchema,
  PublishResultSchema,
  PublishSolutionsSchema,
  SaveSolutionSchema,
  SaveSplitSchema,
  SolutionParamsSchema,
  SolutionsDraftSchema,
} from "../solution-drafts";
import { SolutionsDocumentSchema } from "../solutions";
import { endpoint } from "./endpoint";

export const getSolutions = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/solutions",
  summary: "The app's draft solutions, their bucket split (gaps, overlaps, buckets out of range) and the draft version",
  tag: "solutions",
  access: "read",
  params: AppNameParamsSchema,
  response: SolutionsDraftSchema,
});

export const createSolution = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/solutions",
  summary: "Add a solution (409 when `version` is stale or the name is taken; 422 when its buckets break the split)",
  tag: "solutions",
  access: "edit",
  params: AppNameParamsSchema,
  body: SaveSolutionSchema,
  response: SolutionsDraftSchema,
  status: 201,
});

export const updateSolution = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}/solutions/{solution}",
  summary: "Replace a solution, possibly renaming it (409 when `version` is stale; 422 when its buckets break the split)",
  tag: "solutions",
  access: "edit",
  params: SolutionParamsSchema,
  body: SaveSolutionSchema,
  response: SolutionsDraftSchema,
});

export const deleteSolution = endpoint({
  method: "DELETE",
  path: "/api/v1/apps/{app}/solutions/{solution}",
  summary: "Delete a solution (422 while it serves buckets and other solutions exist)",
  tag: "solutions",
  access: "edit",
  params: SolutionParamsSchema,
  body: DeleteSolutionSchema,
  response: SolutionsDraftSchema,
});

export const cloneSolution = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/solutions/{solution}/clone",
  summary: "Copy a solution under a new name, without buckets",
  tag: "solutions",
  access: "edit",
  params: SolutionParamsSchema,
  body: CloneSolutionSchema,
  response: SolutionsDraftSchema,
  status: 201,
});

export const saveSolutionsSplit = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}/solutions-split",
  summary: "Save the bucket split: every solution's buckets (422 naming gaps, overlaps and unknown buckets; 409 when `version` is stale)",
  tag: "solutions",
  access: "edit",
  params: AppNameParamsSchema,
  body: SaveSplitSchema,
  response: SolutionsDraftSchema,
});

export const exportSolutions = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/solutions-export",
  summary: "The draft as the canonical solutions document (a download)",
  tag: "solutions",
  access: "read",
  params: AppNameParamsSchema,
  response: SolutionsDocumentSchema,
});

export const previewSolutionsImport = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/solutions-import/preview",
  summary: "What importing a solutions document would create, change, remove and move; changes nothing",
  tag: "solutions",
  access: "edit",
  params: AppNameParamsSchema,
  body: PreviewImportSchema,
  response: ImportPreviewSchema,
  maxBodyBytes: BODY_LIMITS.solutionsImport,
});

export const importSolutions = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/solutions-import",
  summary: "Make the draft the document's solutions (either `buckets` placement; the split must be valid)",
  tag: "solutions",
  access: "edit",
  params: AppNameParamsSchema,
  body: ImportSolutionsSchema,
  response: ImportResultSchema,
  maxBodyBytes: BODY_LIMITS.solutionsImport,
});

export const getSolutionsDiff = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/solutions-diff",
  summary: "The draft against the last published release: solutions added, removed and changed, buckets that change solution, and the content diff a publish would send",
  tag: "solutions",
  access: "read",
  params: AppNameParamsSchema,
  response: DraftComparisonSchema,
});

export const publishSolutions = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/solutions-publish",
  summary:
    "Request a publish of the draft's solutions document through the release flow: a change request when the app needs approval, else a release (409 when `version` is not the current draft; 422 for an invalid split or nothing to publish)",
  tag: "solutions",
  access: "edit",
  params: AppNameParamsSchema,
  body: PublishSolutionsSchema,
  response: PublishResultSchema,
  status: 201,
});

export const getDraftStatus = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/solutions-draft",
  summary: "Whether the draft differs from live (the latest delivered release) and what a reset would discard, and the backup a delivered rollback kept",
  tag: "solutions",
  access: "read",
  params: AppNameParamsSchema,
  response: DraftStatusSchema,
});

export const resetDraftToLive = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/solutions-draft/reset",
  summary: "Make the draft live's solutions, discarding its changes (409 on a stale version; 422 before anything was delivered)",
  tag: "solutions",
  access: "edit",
  params: AppNameParamsSchema,
  body: DraftVersionBodySchema,
  response: ImportResultSchema,
});

export const restoreDraftBackup = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/solutions-draft/restore-backup",
  summary: "Make the draft the one a delivered rollback replaced (409 on a stale version or without a backup)",
  tag: "solutions",
  access: "edit",
  params: AppNameParamsSchema,
  body: DraftVersionBodySchema,
  response: ImportResultSchema,
});
