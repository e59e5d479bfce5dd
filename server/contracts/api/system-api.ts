import { z } from "zod";
import { AuditPageSchema, AuditQuerySchema } from "../audit";
import { endpoint } from "./endpoint";

export const listAudit = endpoint({
  method: "GET",
  path: "/api/v1/audit",
  summary: "The audit log, newest first, filtered by actor, app, kind and time",
  tag: "audit",
  access: "read",
  query: AuditQuerySchema,
  response: AuditPageSchema,
});

export const health = endpoint({
  method: "GET",
  path: "/api/v1/health",
  summary: "Liveness and database reachability",
  tag: "system",
  access: "public",
  response: z.object({ ok: z.boolean(), database: z.enum(["pglite", "postgres"]) }),
});

export const openapi = endpoint({
  method: "GET",
  path: "/api/v1/openapi.json",
  summary: "This document",
  tag: "system",
  access: "public",
  // OpenAPI 3.1's own schema is not restated here: the parts a reader starts from, the rest as it is.
  response: z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
});
