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
});
