import { z } from "zod";
import { BODY_LIMITS } from "../limits";
import { AppNameParamsSchema } from "../apps";
import { IdParamsSchema } from "../common";
import { DagNodeStateSchema } from "../dag";
import { DagSaveResultSchema } from "../dag-change";
import { DagRecordSchema, SaveDagSchema } from "../dag-save";
import {
  DagAlertsSchema,
  DagNodeEventSchema,
  DagNodeParamsSchema,
  DagStatusSchema,
  HookCallbackParamsSchema,
  HookCallbackResultSchema,
  HookCallbackSchema,
  SetDataVersionSchema,
} from "../dag-status";
import { CreatedHookEndpointSchema, CreateHookEndpointSchema, HookEndpointSchema } from "../hook-allowlist";
import { endpoint } from "./endpoint";

export const getDag = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/dag",
  summary: "The app's version DAG as last saved (version 0 and no nodes when none was)",
  tag: "dag",
  access: "read",
  params: AppNameParamsSchema,
  response: DagRecordSchema,
});

export const saveDag = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}/dag",
  summary:
    "Save the app's version DAG (409 when `version` is stale; 422 naming the offending nodes). A save that weakens review (a reviewed trigger node removed, bypassed or no longer reviewed, a hook URL changed) answers 202 with the dag_change request that waits for a reviewer; the DAG stays as it was",
  tag: "dag",
  access: "edit",
  params: AppNameParamsSchema,
  body: SaveDagSchema,
  response: DagSaveResultSchema,
  otherStatuses: [202],
  maxBodyBytes: BODY_LIMITS.dagSave,
});

export const getDagStatus = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/dag/status",
  summary: "Each node's online and ready version, state, last change, hook and output progress, and the alerts",
  tag: "dag",
  access: "read",
  params: AppNameParamsSchema,
  response: DagStatusSchema,
});

export const listDagAlerts = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/dag/alerts",
  summary: "Stale and (nearly) expired versions of the app's DAG, with their webhook delivery",
  tag: "dag",
  access: "read",
  params: AppNameParamsSchema,
  response: DagAlertsSchema,
});

export const listDagNodeEvents = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/dag/nodes/{key}/events",
  summary: "A node's history, newest first",
  tag: "dag",
  access: "read",
  params: DagNodeParamsSchema,
  response: z.object({ events: z.array(DagNodeEventSchema) }),
});

export const setDagDataVersion = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}/dag/nodes/{key}/version",
  summary: "Set a data node's version (must be newer than the online one, else 409); what follows propagates",
  tag: "dag",
  access: "edit",
  scopes: ["dag:write"],
  params: DagNodeParamsSchema,
  body: SetDataVersionSchema,
  response: DagNodeStateSchema,
});

export const retryDagNode = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/dag/nodes/{key}/retry",
  summary: "Call a failed trigger node's hook again for its ready version",
  tag: "dag",
  access: "edit",
  params: DagNodeParamsSchema,
  response: DagNodeStateSchema,
});

export const resumeDagNode = endpoint({
  method: "POST",
  path: "/api/v1/apps/{app}/dag/nodes/{key}/resume",
  summary: "Lift a rollback's hold on an output node: it publishes its inputs' online versions again (409 when it is not held)",
  tag: "dag",
  access: "edit",
  params: DagNodeParamsSchema,
  response: DagNodeStateSchema,
});

export const dagHookCallback = endpoint({
  method: "POST",
  path: "/api/v1/dag/callbacks/{token}",
  summary: "A hook confirms or fails the call it was sent; the one-time token in the URL is the credential",
  tag: "dag",
  access: "public",
  params: HookCallbackParamsSchema,
  body: HookCallbackSchema,
  response: HookCallbackResultSchema,
});

export const listHookAllowlist = endpoint({
  method: "GET",
  path: "/api/v1/admin/hook-allowlist",
  summary: "URLs that trigger hooks and alert webhooks may call (never their secrets)",
  tag: "dag",
  access: "read",
  response: z.object({ endpoints: z.array(HookEndpointSchema) }),
});

export const addHookAllowlistEntry = endpoint({
  method: "POST",
  path: "/api/v1/admin/hook-allowlist",
  summary: "Allow a hook URL; its signing secret is returned once",
  tag: "dag",
  access: "admin",
  body: CreateHookEndpointSchema,
  response: CreatedHookEndpointSchema,
  status: 201,
});

export const removeHookAllowlistEntry = endpoint({
  method: "DELETE",
  path: "/api/v1/admin/hook-allowlist/{id}",
  summary: "Remove a URL from the allow-list (refused while a saved DAG uses it)",
  tag: "dag",
  access: "admin",
  params: IdParamsSchema,
  response: HookEndpointSchema,
});
