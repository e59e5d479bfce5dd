import { z } from "zod";
import { AppDetailSchema, AppNameParamsSchema, AppSchema, CreateAppSchema, UpdateAppSchema } from "../apps";
import { endpoint } from "./endpoint";

export const listApps = endpoint({
  method: "GET",
  path: "/api/v1/apps",
  summary: "List apps",
  tag: "apps",
  access: "read",
  response: z.object({ apps: z.array(AppSchema) }),
});

export const createApp = endpoint({
  method: "POST",
  path: "/api/v1/apps",
  summary: "Create an app",
  tag: "apps",
  access: "edit",
  body: CreateAppSchema,
  response: AppSchema,
  status: 201,
});

export const getApp = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}",
  summary: "One app, with the bucket settings its latest release published (`live`)",
  tag: "apps",
  access: "read",
  params: AppNameParamsSchema,
  response: AppDetailSchema,
});

export const updateApp = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}",
  summary: "Update an app (409 when `version` is stale); new bucket settings are pending until the next reviewed publish",
  tag: "apps",
  access: "edit",
  params: AppNameParamsSchema,
  body: UpdateAppSchema,
  response: AppDetailSchema,
});
