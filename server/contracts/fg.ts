import { z } from "zod";

/**
 * Client-safe shapes of fg (feature generation, docs/fg.md): TensorIO and the
 * declarative fg spec. Only zod is imported: the fg editor validates specs in the browser with
 * the same schema the server uses. Reference: docs/fg.md.
 */

export const DTYPES = ["float", "double", "int32", "int64", "string", "bool"] as const;
export const DtypeSchema = z.enum(DTYPES);
export type Dtype = z.infer<typeof DtypeSchema>;

export type TensorValue = number | string | boolean;

/** Tensor names as TF signatures spell them (`x`, `input_1`, `serving_default_x:0`, `dnn/user`). */
export const TensorNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,127}$/, "1-128 characters: letters, digits and _ . : / -");

// Shapes of TensorIO for API responses and the UI. These are structural only: what a TensorIO
// must satisfy (counts, ranges, unique names) is checked by validateTensorIO on the server.
export const TensorSpecSchema = z.object({
  name: z.string(),
  dtype: DtypeSchema,
  shape: z.array(z.number()),
  values: z.array(z.union([z.number(), z.string(), z.boolean()])),
});
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

export const TensorOutputSchema = z.object({ name: z.string(), dtype: DtypeSchema.optional() });
export type TensorOutput = z.infer<typeof TensorOutputSchema>;

export const TensorIOSchema = z.object({ inputs: z.array(TensorSpecSchema), outputs: z.array(TensorOutputSchema) });
export type TensorIO = z.infer<typeof TensorIOSchema>;

// ---- the declarative fg spec --------------------------------------------------------------

/** `user_vec`, `cf.score`, `origin.uid`, `user_vec.0`: dot-separated, a number indexes an array. */
export const FeaturePathSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/, "A featureMap path like user_vec, cf.score or origin.uid");

const ScalarSchema = z.union([z.number(), z.string(), z.boolean()]);

export const TransformSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("cast"), to: DtypeSchema }),
  z.strictObject({
    op: z.literal("hash_bucket"),
    buckets: z.number().int("A whole number of buckets").min(1).max(2_147_483_647),
  }),
  z.strictObject({ op: z.literal("one_hot"), n: z.number().int("n must be a whole number").min(1).max(1_000_000) }),
  z.strictObject({ op: z.literal("log1p") }),
  z
    .strictObject({ op: z.literal("clip"), min: z.number().optional(), max: z.number().optional() })
    .refine((c) => c.min !== undefined || c.max !== undefined, "clip needs min, max or both")
    .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, { message: "min must not exceed max", path: ["min"] }),
]);
export type Transform = z.infer<typeof TransformSchema>;

/** One featureMap value turned into a flat list of scalars, then transformed in order. */
export const SourceSchema = z.strictObject({
  path: FeaturePathSchema,
  /** Used (and noted in featureMap.log.missing_features) when the path is missing or null. */
  default: z.union([ScalarSchema, z.array(ScalarSchema)]).optional(),
  transforms: z.array(TransformSchema).optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const DeclarativeInputSchema = z
  .strictObject({
    name: TensorNameSchema,
    dtype: DtypeSchema,
    /** At most one dimension may be -1: it is inferred from the number of values. */
    shape: z.array(z.number().int().min(-1, "Dimensions are >= 0, or -1 for the one inferred dimension")),
    /** Concatenated in order: several sources are how vectors and numbers are concatenated. */
    sources: z.array(SourceSchema).min(1, "An input needs at least one source"),
    /** Applied to the concatenated values. */
    transforms: z.array(TransformSchema).optional(),
  })
  .refine((i) => i.shape.filter((d) => d === -1).length <= 1, { message: "At most one dimension may be -1", path: ["shape"] });
export type DeclarativeInput = z.infer<typeof DeclarativeInputSchema>;

export const DeclarativeSpecSchema = z
  .strictObject({
    inputs: z.array(DeclarativeInputSchema).min(1, "At least one input tensor"),
    outputs: z.array(z.strictObject({ name: TensorNameSchema, dtype: DtypeSchema.optional() })).min(1, "At least one output tensor"),
  })
  .superRefine((spec, ctx) => {
    for (const list of ["inputs", "outputs"] as const) {
      const names = spec[list].map((t) => t.name);
      names.forEach((n, i) => {
        if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: [list, i, "name"], message: `"${n}" is named twice` });
      });
    }
  });
export type DeclarativeSpec = z.infer<typeof DeclarativeSpecSchema>;

/** An fg package version: a declarative spec, or JavaScript source exporting build(featureMap). */
export const FgPackageSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("declarative"), spec: DeclarativeSpecSchema }),
  z.strictObject({ kind: z.literal("code"), source: z.string().min(1, "The source is empty").max(1_000_000, "At most 1 MB of source") }),
]);
export type FgPackage = z.infer<typeof FgPackageSchema>;
