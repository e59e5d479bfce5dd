import { z } from "zod";
import { ChangeRequestSchema } from "../approvals";
import { AppNameParamsSchema } from "../apps";
import {
  AppReleaseParamsSchema,
  AppReleasesSchema,
  ReleaseDetailSchema,
  ReleaseSchema,
  ReleaseSettingsSchema,
  RequestReleaseSchema,
  RollbackPreviewSchema,
  RollbackReleaseSchema,
  UpdateReleaseSettingsSchema,
} from "../releases";
import { endpoint } from "./endpoint";

/** A publish or rollback answers with the change request it opened, or the release it made at once. */
const ReleaseRequestResultSchema = z.object({ changeRequest: ChangeRequestSchema.nullable(), release: ReleaseSchema.nullable() });

export const listReleases = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/releases",
  summary: "An app's releases, newest first, with delivery state, its release settings and the failed release blocking later ones",
  tag: "releases",
  access: "read",
  params: AppNameParamsSchema,
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }),
  response: AppReleasesSchema,
});

export const getRelease = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/releases/{id}",
  summary: "One release with its full content and the content of the release before it",
  tag: "releases",
  access: "read",
  params: AppReleaseParamsSchema,
  response: ReleaseDetailSchema,
});

export const requestRelease = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/releases",
  summary:
    "Request a publish: the document is replaced when given, versions are merged key by key. A change request when the app needs approval, else the release at once (422 when nothing changes)",
  tag: "releases",
  access: "edit",
  params: AppNameParamsSchema,
  body: RequestReleaseSchema,
  response: ReleaseRequestResultSchema,
  status: 201,
});

export const previewRollback = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/releases/{id}/rollback-preview",
  summary: "What a rollback to this release would change from live (the latest delivered release), and the DAG-written keys it keeps or rolls back",
  tag: "releases",
  access: "read",
  params: AppReleaseParamsSchema,
  query: z.object({ rollBackDagKeys: z.enum(["true", "false"]).optional() }),
  response: RollbackPreviewSchema,
});

export const rollbackRelease = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/releases/{id}/rollback",
  summary:
    "Request a new release with this older one's document and versions, except version keys the DAG wrote since (kept live unless rollBackDagKeys; then their output nodes are held), through the same approval as any publish",
  tag: "releases",
  access: "edit",
  params: AppReleaseParamsSchema,
  body: RollbackReleaseSchema,
  response: ReleaseRequestResultSchema,
  status: 201,
});

export const getReleaseSettings = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/release-settings",
  summary: "Whether publishing the app needs approval, and how many approvals",
  tag: "releases",
  access: "read",
  params: AppNameParamsSchema,
  response: ReleaseSettingsSchema,
});

export const updateReleaseSettings = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}/release-settings",
  summary: "Admins only (an editor could otherwise switch off the review of their own publishes); 409 on a stale version",
  tag: "releases",
  access: "admin",
  params: AppNameParamsSchema,
  body: UpdateReleaseSettingsSchema,
  response: ReleaseSettingsSchema,
});
