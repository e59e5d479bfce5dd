import { z } from "zod";
import { AppNameSchema } from "./apps";
import { FeatureOperatorSchema, RowErrorSchema, RowFormatSchema, TemplateContextSchema, TemplateErrorSchema, ValueEncodingSchema } from "./features";

/** The feature table registry's shapes (docs/templates.md#feature-tables-and-stores); client-safe. */

/** Same alphabet as the template grammar's TABLE (sdk/src/core/template/template-ast.ts). */
export const FeatureTableNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, "1-64 characters: letters, digits, _ . and -, not starting with a digit or . -");

export const STORAGE_KINDS = ["builtin", "redis"] as const;
export const StorageKindSchema = z.enum(STORAGE_KINDS);
export type StorageKind = z.infer<typeof StorageKindSchema>;

const TableFieldsSchema = z.object({
  operator: FeatureOperatorSchema,
  storage: StorageKindSchema,
  connectionId: z.string().uuid("Choose a connection").nullable().default(null),
  keyPrefix: z.string().max(200, "At most 200 characters").default(""),
  encoding: ValueEncodingSchema,
  keyDescription: z.string().trim().max(500).default(""),
  owner: z.string().trim().max(200).default(""),
  description: z.string().trim().max(1000).default(""),
});

function checkStorage(t: z.infer<typeof TableFieldsSchema>, ctx: z.RefinementCtx) {
  if (t.storage === "redis" && !t.connectionId) ctx.addIssue({ code: "custom", path: ["connectionId"], message: "A Redis table needs a connection" });
  if (t.storage === "builtin" && t.connectionId) ctx.addIssue({ code: "custom", path: ["connectionId"], message: "A built-in table has no connection" });
  if (t.storage === "builtin" && t.keyPrefix) ctx.addIssue({ code: "custom", path: ["keyPrefix"], message: "Only Redis tables have a key prefix" });
}

export const CreateFeatureTableSchema = TableFieldsSchema.extend({ name: FeatureTableNameSchema }).superRefine(checkStorage);
export type CreateFeatureTableInput = z.input<typeof CreateFeatureTableSchema>;

/** `version` is the version the edit was based on: a stale one is a 409. */
export const UpdateFeatureTableSchema = TableFieldsSchema.extend({ version: z.number().int().positive() }).superRefine(checkStorage);
export type UpdateFeatureTableInput = z.input<typeof UpdateFeatureTableSchema>;

export const FeatureTableSchema = z.object({
  id: z.string(),
  name: z.string(),
  operator: FeatureOperatorSchema,
  storage: StorageKindSchema,
  connection: z.object({ id: z.string(), name: z.string() }).nullable(),
  keyPrefix: z.string(),
  encoding: ValueEncodingSchema,
  keyDescription: z.string(),
  owner: z.string(),
  description: z.string(),
  /** Keys held by a built-in table; null for Redis (the console does not scan Redis). */
  keys: z.number().nullable(),
  version: z.number(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FeatureTable = z.infer<typeof FeatureTableSchema>;

export const FeatureTableParamsSchema = z.object({ table: FeatureTableNameSchema });

export const LookupQuerySchema = z.object({ key: z.string().min(1, "Enter a key").max(1000) });
export const LookupResultSchema = z.object({
  table: z.string(),
  operator: FeatureOperatorSchema,
  key: z.string(),
  found: z.boolean(),
  /** getKV: the value; getKKV: the map (field -> value); null when nothing is stored. */
  value: z.unknown(),
  ms: z.number(),
});
export type LookupResult = z.infer<typeof LookupResultSchema>;

/** Keys of one batched lookup (limits.ts CAPS.featureLookupKeys). */
export const MAX_LOOKUP_KEYS = 1000;

/** A batched lookup (the scoring runtime reading a built-in table): each key as the table's operator reads it. */
export const BatchLookupSchema = z.strictObject({
  table: FeatureTableNameSchema,
  keys: z
    .array(z.string().min(1, "A key is not empty").max(1000))
    .min(1, "Name at least one key")
    .max(MAX_LOOKUP_KEYS, `At most ${MAX_LOOKUP_KEYS} keys per lookup`),
});
export const BatchLookupResultSchema = z.object({
  table: z.string(),
  operator: FeatureOperatorSchema,
  /** In the order of `keys`: getKV the value, getKKV the map; null when nothing is stored. */
  values: z.array(z.unknown()),
});
export type BatchLookupResult = z.infer<typeof BatchLookupResultSchema>;

/** 64 MiB of text: sample rows, not a bulk import path. */
export const MAX_ROWS_TEXT = 64 * 1024 * 1024;
export const LoadRowsSchema = z.object({
  format: RowFormatSchema,
  text: z.string().min(1, "The file is empty").max(MAX_ROWS_TEXT, "At most 64 MiB per load"),
});
export type LoadRowsInput = z.input<typeof LoadRowsSchema>;

export const LoadRowsResultSchema = z.object({ table: z.string(), rows: z.number(), keys: z.number(), ms: z.number() });
export type LoadRowsResult = z.infer<typeof LoadRowsResultSchema>;

/**
 * With `Accept: application/x-ndjson` the load answers with one event per line while it
 * writes: progress in keys, then done or error (error carries the usual error body).
 */
export const LoadRowsEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), done: z.number(), total: z.number() }),
  z.object({ type: z.literal("done"), result: LoadRowsResultSchema }),
  z.object({ type: z.literal("error"), error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) }),
]);
export type LoadRowsEvent = z.infer<typeof LoadRowsEventSchema>;

/** The 422 of a file with bad lines: every bad line by number (up to 100), nothing loaded. */
export const BadRowsDetailsSchema = z.object({ errors: z.array(RowErrorSchema), truncated: z.boolean() });

/** What the template input checks against; `versionKeysKnown` false: nothing to check version keys against yet. */
export const TemplateRegistryContextSchema = TemplateContextSchema.extend({
  app: z.string(),
  versionKeysKnown: z.boolean(),
});
export type TemplateRegistryContext = z.infer<typeof TemplateRegistryContextSchema>;

export const TemplateContextQuerySchema = z.object({ app: AppNameSchema });

export const CheckFeatureTemplatesSchema = z.object({
  app: AppNameSchema,
  features: z.record(z.string().max(64), z.string().max(1000)),
});

/** Per feature: errors block a save; warnings (an unverifiable version key) do not. */
export const FeatureTemplateCheckSchema = z.object({ errors: z.array(TemplateErrorSchema), warnings: z.array(TemplateErrorSchema) });
export const CheckFeatureTemplatesResultSchema = z.object({
  ok: z.boolean(),
  features: z.record(z.string(), FeatureTemplateCheckSchema),
});
export type CheckFeatureTemplatesResult = z.infer<typeof CheckFeatureTemplatesResultSchema>;
