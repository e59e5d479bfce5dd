import { z } from "zod";
import { ConfigCenterStatusSchema, ConfigParamsSchema, ConfigQuerySchema, OutboxActionSchema, PublishedConfigSchema } from "../config-center";
import { endpoint } from "./endpoint";

export const getPublishedConfig = endpoint({
  method: "GET",
  path: "/api/config/v1/apps/{app}",
  summary:
    "What the config center serves for an app: document, versions, revision (protocol: docs/config-center.md). With `revision=N&wait=30s`: answers as soon as a release newer than N exists, else 304 after the wait; 404 never published",
  tag: "config",
  access: "read",
  scopes: ["config:read"],
  params: ConfigParamsSchema,
  query: ConfigQuerySchema,
  response: PublishedConfigSchema,
});

export const getConfigCenterStatus = endpoint({
  method: "GET",
  path: "/api/v1/admin/config-center",
  summary: "Which config center is in use, its health, the outbox backlog and failed deliveries",
  tag: "admin",
  access: "admin",
  response: ConfigCenterStatusSchema,
});

export const resolveFailedDelivery = endpoint({
  method: "POST",
  path: "/api/v1/admin/config-center/deliveries/{releaseId}",
  summary: "Unblock an app whose delivery failed: retry the same release, or skip it so later releases go out",
  tag: "admin",
  access: "admin",
  params: z.object({ releaseId: z.string().uuid("must be a release id") }),
  body: OutboxActionSchema,
  response: z.object({ releaseId: z.string(), state: z.enum(["pending", "verifying", "skipped"]) }),
});
