import { AppNameParamsSchema } from "../apps";
import { AddTrialSamplesResultSchema, AddTrialSamplesSchema, AppSampleParamsSchema, RecentTrialListSchema, SampleRequestListSchema } from "../samples";
import { CreateSampleRequestSchema, SampleRequestSchema, UpdateVerificationSettingsSchema, VerificationSettingsSchema } from "../verification";
import { endpoint } from "./endpoint";

/**
 * An app's sample requests (every candidate release is scored on them), the recent trials that
 * can become samples, and the verification thresholds (docs/verification.md). Changing samples
 * needs an admin: the domain refuses an editor with 403 and says who edits them.
 */

export const listSampleRequests = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/sample-requests",
  summary: "The app's sample requests, oldest first, and how many it may hold",
  tag: "verification",
  access: "read",
  params: AppNameParamsSchema,
  response: SampleRequestListSchema,
});

export const createSampleRequest = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/sample-requests",
  summary: "Admins add a sample request (name and origin JSON); 409 for a name or request the app already has, or when it holds the most it may",
  tag: "verification",
  access: "edit",
  params: AppNameParamsSchema,
  body: CreateSampleRequestSchema,
  response: SampleRequestSchema,
  status: 201,
});

export const deleteSampleRequest = endpoint({
  method: "DELETE",
  path: "/api/v1/apps/{app}/sample-requests/{id}",
  summary: "Admins remove a sample request; answers the removed one",
  tag: "verification",
  access: "edit",
  params: AppSampleParamsSchema,
  response: SampleRequestSchema,
});

export const addTrialSamples = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/sample-requests/from-trials",
  summary: "Admins turn chosen recent trials into sample requests (source trial); one already a sample is skipped",
  tag: "verification",
  access: "edit",
  params: AppNameParamsSchema,
  body: AddTrialSamplesSchema,
  response: AddTrialSamplesResultSchema,
  status: 201,
});

export const listRecentTrials = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/recent-trials",
  summary: "The app's latest trial requests, newest first, kept to become sample requests",
  tag: "verification",
  access: "edit",
  params: AppNameParamsSchema,
  response: RecentTrialListSchema,
});

export const getVerificationSettings = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/verification-settings",
  summary: "The app's verification thresholds: failed samples tolerated and the missing-feature rate that warns (defaults: 0 and 5%)",
  tag: "verification",
  access: "read",
  params: AppNameParamsSchema,
  response: VerificationSettingsSchema,
});

export const updateVerificationSettings = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}/verification-settings",
  summary: "Admins only; 409 on a stale version",
  tag: "verification",
  access: "admin",
  params: AppNameParamsSchema,
  body: UpdateVerificationSettingsSchema,
  response: VerificationSettingsSchema,
});
