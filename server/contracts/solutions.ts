import { z } from "zod";
import { AppNameSchema } from "./apps";
import { MAX_BUCKET_COUNT } from "@/sdk/src/core/bucketing";

/**
 * Client-safe shapes of an app's A/B solutions and of the solutions document published to the
 * config center (docs/solutions.md). Only zod is imported here: the solution editor in the
 * browser validates with the same schemas.
 */

/** The featureMap already holds these entries beside the features (docs/fg.md#the-featuremap). */
export const RESERVED_FEATURE_NAMES = ["origin", "online", "log"] as const;

// Names start with a letter or digit so that no name can be `__proto__`, which JSON objects and
// zod records cannot carry as a key.
export const SolutionNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "1-64 characters: letters, digits, _, . and -, starting with a letter or digit")
  // In the document a `buckets` key beside a solution is the misplaced bucket list, never a name.
  .refine((name) => name !== "buckets", '"buckets" is reserved and cannot name a solution');

export const FeatureNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "1-64 characters: letters, digits and _, starting with a letter")
  .refine(
    (name) => !(RESERVED_FEATURE_NAMES as readonly string[]).includes(name),
    `${RESERVED_FEATURE_NAMES.join(", ")} are featureMap entries and cannot name a feature`,
  );

/** A query template such as `getKV user_tbl {uid}|{version:favpush_vec_v2}` (checked by sdk/src/core/template). */
export const FeatureTemplateSchema = z.string().min(1, "Enter a query template").max(1000);

const VersionTextSchema = z.string().min(1, "Enter a version").max(200);

export const SolutionModelSchema = z.strictObject({
  name: z.string().min(1, "Enter the model name").max(200),
  version: VersionTextSchema,
});

export const SolutionFgSchema = z.strictObject({
  class: z.string().min(1, "Enter the fg class").max(200),
  version: VersionTextSchema,
});

export const BucketIdSchema = z.number().int("A bucket is a whole number").min(0, "A bucket is at least 0");

/** Buckets are a set: a bucket listed twice is a mistake worth reporting, not merging. */
export const BucketListSchema = z
  .array(BucketIdSchema)
  .max(10_000, "At most 10,000 buckets")
  .superRefine((buckets, ctx) => {
    // A Set, not indexOf: a split of 10,000 buckets must not cost 50 million comparisons.
    const seen = new Set<number>();
    buckets.forEach((bucket, i) => {
      if (seen.has(bucket)) ctx.addIssue({ code: "custom", path: [i], message: `Bucket ${bucket} is listed twice` });
      seen.add(bucket);
    });
  });

/** A solution as the document writes it, under its name. */
export const SolutionBodySchema = z.strictObject({
  features: z.record(FeatureNameSchema, FeatureTemplateSchema, {
    // zod's own message for a bad key is "Invalid key in record"; say what is wrong with the name.
    error: (issue) => (issue.code === "invalid_key" ? `Invalid feature name: ${issue.issues[0]?.message ?? "not a feature name"}` : undefined),
  }),
  model: SolutionModelSchema,
  fg: SolutionFgSchema,
  buckets: BucketListSchema,
});
export type SolutionBody = z.infer<typeof SolutionBodySchema>;

export const SolutionSchema = SolutionBodySchema.extend({ name: SolutionNameSchema });
export type Solution = z.infer<typeof SolutionSchema>;

/** The `app` block of a published document (sdk/src/core/solutions/published-app-settings.ts says why). */
export const PublishedAppSettingsSchema = z.strictObject({
  bucket_count: z
    .number({ error: "Expected a whole number of buckets" })
    .int("Expected a whole number of buckets")
    .min(1, "At least 1 bucket")
    .max(MAX_BUCKET_COUNT, `At most ${MAX_BUCKET_COUNT} buckets`),
  hash_key: z.string({ error: "Expected the name of the origin field that is hashed" }).min(1, "Name the origin field that is hashed"),
  salt: z.string({ error: "Expected the salt as text" }).max(200, "At most 200 characters"),
}, { error: (issue) => (issue.code === "invalid_type" ? 'Expected an object { "bucket_count", "hash_key", "salt" }' : undefined) });
export type PublishedAppSettings = z.infer<typeof PublishedAppSettingsSchema>;

/**
 * The published document, exactly as the exporter writes it:
 * `{ app_name, solutions: [ { <name>: { features, model, fg, buckets } } ], app: { bucket_count, hash_key, salt } }`.
 * Importing is more lenient (server/solutions/parse-solutions-document.ts).
 */
export const SolutionsDocumentSchema = z.strictObject({
  app_name: AppNameSchema,
  solutions: z
    .array(
      z
        .record(SolutionNameSchema, SolutionBodySchema)
        .refine((entry) => Object.keys(entry).length === 1, "Each entry holds exactly one solution, under its name"),
    )
    .superRefine((entries, ctx) => {
      const names = entries.map((entry) => Object.keys(entry)[0]);
      names.forEach((name, i) => {
        if (names.indexOf(name) !== i) ctx.addIssue({ code: "custom", path: [i], message: `Solution "${name}" is defined twice` });
      });
    }),
  app: PublishedAppSettingsSchema.optional(),
});
export type SolutionsDocument = z.infer<typeof SolutionsDocumentSchema>;
