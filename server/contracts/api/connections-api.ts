import { z } from "zod";
import { IdParamsSchema } from "../common";
import { ConnectionSchema, CreateConnectionSchema, HealthSchema, UpdateConnectionSchema } from "../connections";
import { endpoint } from "./endpoint";

export const listConnections = endpoint({
  method: "GET",
  path: "/api/v1/connections",
  summary: "Connections of feature tables (passwords are never returned)",
  tag: "connections",
  access: "read",
  response: z.object({ connections: z.array(ConnectionSchema) }),
});

export const createConnection = endpoint({
  method: "POST",
  path: "/api/v1/connections",
  summary: "Add a Redis connection; the password is encrypted at rest (AES-256-GCM) and never sent back",
  tag: "connections",
  access: "admin",
  body: CreateConnectionSchema,
  response: ConnectionSchema,
  status: 201,
});

export const updateConnection = endpoint({
  method: "PUT",
  path: "/api/v1/connections/{id}",
  summary: "Edit a connection (password: absent keeps it, null removes it); 409 when `version` is stale",
  tag: "connections",
  access: "admin",
  params: IdParamsSchema,
  body: UpdateConnectionSchema,
  response: ConnectionSchema,
});

export const deleteConnection = endpoint({
  method: "DELETE",
  path: "/api/v1/connections/{id}",
  summary: "Remove a connection no table uses (409 naming the tables otherwise)",
  tag: "connections",
  access: "admin",
  params: IdParamsSchema,
  response: ConnectionSchema,
});

export const getConnectionHealth = endpoint({
  method: "GET",
  path: "/api/v1/connections/{id}/health",
  summary: "PING the connection",
  tag: "connections",
  access: "read",
  params: IdParamsSchema,
  response: HealthSchema,
});
