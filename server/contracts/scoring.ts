import { z } from "zod";
import { TensorIOSchema } from "./fg";

/** A pending change request's content as the trial's configuration (anyone who may see the request). */
export const ChangeRequestSourceSchema = z.strictObject({ kind: z.literal("change-request"), id: z.string().uuid("must be a change request id") });
export type ChangeRequestSource = z.infer<typeof ChangeRequestSourceSchema>;

/** Which configuration a trial scored under, as its trace and errors name it. */
export type ConfigSourceName = "published" | "draft" | "change-request";

/**
 * Strict on purpose: nothing in a trial request can name where the console connects (the
 * registry alone gives instance addresses), so unknown keys are refused, not ignored.
 */
export const ScoreRequestSchema = z.strictObject({
  app_name: z.string().trim().min(1, "Choose an app"),
  origin: z.record(z.string(), z.unknown(), { error: "origin must be an object of request fields" }),
  options: z
    .object({
      bucket: z.number().int("A bucket is a whole number").min(0).optional(),
      solution: z.string().trim().min(1).optional(),
      config: z.enum(["published", "draft"]).default("published"),
      /**
       * Score under another configuration than `config` names: a pending change request's
       * candidate (what approving it would release now). Wins over `config`.
       */
      source: ChangeRequestSourceSchema.optional(),
      trace: z.boolean().default(false),
    })
    .strict()
    .default({ config: "published", trace: false }),
});
export type ScoreRequestInput = z.input<typeof ScoreRequestSchema>;

const TensorOutSchema = z.object({ dtype: z.string(), shape: z.array(z.number()), values: z.array(z.unknown()) });

/** The pipeline's stages, in order: each one is a step of the trace. */
export const STAGES = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"] as const;
export const StageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof StageSchema>;

export const TraceStepSchema = z.object({
  stage: StageSchema,
  ok: z.boolean(),
  ms: z.number(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type TraceStep = z.infer<typeof TraceStepSchema>;

/** One feature's lookup, as the trace details show it. */
export const FeatureQuerySchema = z.object({
  feature: z.string(),
  template: z.string(),
  operator: z.string().optional(),
  table: z.string().optional(),
  key: z.string().optional(),
  value: z.unknown().optional(),
  missing: z.boolean().optional(),
  ms: z.number().optional(),
  error: z.string().optional(),
});
export type FeatureQuery = z.infer<typeof FeatureQuerySchema>;

export const ScoreResponseSchema = z.object({
  app: z.string(),
  bucket: z.number(),
  solution: z.string(),
  model: z.object({ name: z.string(), version: z.number(), instance: z.string() }),
  outputs: z.record(z.string(), TensorOutSchema),
  log: z.record(z.string(), z.unknown()),
  trace: z.array(TraceStepSchema).optional(),
  details: z
    .object({
      queries: z.array(FeatureQuerySchema),
      featureMap: z.record(z.string(), z.unknown()),
      tensorIO: TensorIOSchema,
      predictRequest: z.unknown(),
      predictResponse: z.unknown(),
    })
    .optional(),
});
export type ScoreResponse = z.infer<typeof ScoreResponseSchema>;
