import { z } from "zod";
import { BODY_LIMITS } from "../limits";
import { HealthSchema } from "../connections";
import {
  BatchLookupResultSchema,
  BatchLookupSchema,
  CreateFeatureTableSchema,
  FeatureTableParamsSchema,
  FeatureTableSchema,
  LoadRowsResultSchema,
  LoadRowsSchema,
  LookupQuerySchema,
  LookupResultSchema,
  UpdateFeatureTableSchema,
} from "../feature-tables";
import { endpoint } from "./endpoint";

export const listFeatureTables = endpoint({
  method: "GET",
  path: "/api/v1/feature-tables",
  summary: "Registered feature tables",
  tag: "feature-tables",
  access: "read",
  response: z.object({ tables: z.array(FeatureTableSchema) }),
});

export const createFeatureTable = endpoint({
  method: "POST",
  path: "/api/v1/feature-tables",
  summary: "Register a feature table (operator, storage, connection, value encoding, owner)",
  tag: "feature-tables",
  access: "edit",
  body: CreateFeatureTableSchema,
  response: FeatureTableSchema,
  status: 201,
});

export const getFeatureTable = endpoint({
  method: "GET",
  path: "/api/v1/feature-tables/{table}",
  summary: "One feature table",
  tag: "feature-tables",
  access: "read",
  scopes: ["features:read"],
  params: FeatureTableParamsSchema,
  response: FeatureTableSchema,
});

export const lookupFeatureKeys = endpoint({
  method: "POST",
  path: "/api/v1/features/lookup",
  summary: "Look up many rendered keys of one table in one call (the scoring runtime reading a built-in table); values in the order of the keys, null when none",
  tag: "feature-tables",
  access: "read",
  scopes: ["features:read"],
  body: BatchLookupSchema,
  response: BatchLookupResultSchema,
});

export const updateFeatureTable = endpoint({
  method: "PUT",
  path: "/api/v1/feature-tables/{table}",
  summary: "Edit a feature table (409 when `version` is stale; operator and encoding are fixed while built-in rows exist)",
  tag: "feature-tables",
  access: "edit",
  params: FeatureTableParamsSchema,
  body: UpdateFeatureTableSchema,
  response: FeatureTableSchema,
});

export const lookupFeatureKey = endpoint({
  method: "GET",
  path: "/api/v1/feature-tables/{table}/lookup",
  summary: "Look up a rendered key: the value (getKV) or map (getKKV) stored under it",
  tag: "feature-tables",
  access: "read",
  params: FeatureTableParamsSchema,
  query: LookupQuerySchema,
  response: LookupResultSchema,
});

export const loadFeatureRows = endpoint({
  method: "POST",
  path: "/api/v1/feature-tables/{table}/rows",
  summary:
    "Load sample rows (CSV or JSON lines). Every line is checked first: bad lines are a 422 listing them by line number and nothing is loaded. " +
    "With `Accept: application/x-ndjson` the answer streams progress events while writing.",
  tag: "feature-tables",
  access: "edit",
  params: FeatureTableParamsSchema,
  body: LoadRowsSchema,
  response: LoadRowsResultSchema,
  maxBodyBytes: BODY_LIMITS.featureTableLoad,
});

export const getFeatureTableHealth = endpoint({
  method: "GET",
  path: "/api/v1/feature-tables/{table}/health",
  summary: "Whether the storage behind a table answers",
  tag: "feature-tables",
  access: "read",
  params: FeatureTableParamsSchema,
  response: HealthSchema,
});
