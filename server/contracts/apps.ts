import { z } from "zod";

export const ORIGIN_FIELD_TYPES = ["string", "int", "float", "bool"] as const;

export const OriginFieldSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "Letters, digits and _; not starting with a digit"),
  type: z.enum(ORIGIN_FIELD_TYPES),
});

/** Item fields share the origin fields' shape and types; one name is never both. */
export const ItemFieldSchema = OriginFieldSchema;
export type ItemField = z.infer<typeof ItemFieldSchema>;

/** Most item fields an app declares: an item is a few ids, not a document. */
export const MAX_ITEM_FIELDS = 32;

const AppFieldsSchema = z.object({
  description: z.string().trim().max(500).default(""),
  bucketCount: z
    .number({ error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(1, "At least 1 bucket")
    .max(10_000, "At most 10,000 buckets"),
  hashKey: z.string().trim().min(1, "Name the origin field that is hashed"),
  salt: z.string().max(200).optional(),
  originFields: z.array(OriginFieldSchema).min(1, "Declare at least the hash key field"),
  /** What each item of a batch request carries (README "Batch scoring"); none: the app scores single requests only. */
  itemFields: z.array(ItemFieldSchema).max(MAX_ITEM_FIELDS, `At most ${MAX_ITEM_FIELDS} item fields`).optional(),
});

/** The item field named like an origin field, if any (one name in both would be ambiguous: an item's fields are merged into the origin to score it). */
export function itemFieldClash(originFields: { name: string }[], itemFields: { name: string }[]): { index: number; name: string } | null {
  const origin = new Set(originFields.map((f) => f.name));
  const index = itemFields.findIndex((f) => origin.has(f.name));
  return index < 0 ? null : { index, name: itemFields[index]!.name };
}

export const itemFieldClashMessage = (name: string) => `"${name}" is an origin field; an item field needs another name`;

function checkFields(v: z.infer<typeof AppFieldsSchema>, ctx: z.RefinementCtx) {
  const names = v.originFields.map((f) => f.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: ["originFields", i, "name"], message: `Field "${n}" is declared twice` });
  });
  const items = (v.itemFields ?? []).map((f) => f.name);
  items.forEach((n, i) => {
    if (items.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: ["itemFields", i, "name"], message: `Item field "${n}" is declared twice` });
    else if (names.includes(n)) ctx.addIssue({ code: "custom", path: ["itemFields", i, "name"], message: itemFieldClashMessage(n) });
  });
  if (!names.includes(v.hashKey)) {
    ctx.addIssue({ code: "custom", path: ["hashKey"], message: `The hash key "${v.hashKey}" must be one of the declared origin fields` });
  }
}

export const AppNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{1,63}$/, "2-64 characters: lower-case letters, digits, _ and -, starting with a letter");

export const CreateAppSchema = AppFieldsSchema.extend({ name: AppNameSchema }).superRefine(checkFields);
export type CreateAppInput = z.input<typeof CreateAppSchema>;

/** `version` is the version the edit was based on: a stale one is a 409. Without `itemFields` the app keeps its item fields. */
export const UpdateAppSchema = AppFieldsSchema.extend({ version: z.number().int().positive() }).superRefine(checkFields);
export type UpdateAppInput = z.input<typeof UpdateAppSchema>;

export const AppSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  bucketCount: z.number(),
  hashKey: z.string(),
  salt: z.string(),
  originFields: z.array(OriginFieldSchema),
  itemFields: z.array(ItemFieldSchema),
  version: z.number(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type App = z.infer<typeof AppSchema>;

/**
 * The bucket settings scoring services hold: the `app` block of the app's latest release. The
 * app's own `bucketCount`, `hashKey` and `salt` are the PENDING settings (what the draft is
 * made for and the next reviewed publish carries); they differ from these until then.
 */
export const LiveBucketSettingsSchema = z.object({
  bucketCount: z.number(),
  hashKey: z.string(),
  salt: z.string(),
  /** The release (its number within the app) whose block this is. */
  releaseSeq: z.number(),
});
export type LiveBucketSettings = z.infer<typeof LiveBucketSettingsSchema>;

/** One app with its live bucket settings (null before its first release, or when that release has no block). */
export const AppDetailSchema = AppSchema.extend({ live: LiveBucketSettingsSchema.nullable() });
export type AppDetail = z.infer<typeof AppDetailSchema>;

export const AppNameParamsSchema = z.object({ app: AppNameSchema });
