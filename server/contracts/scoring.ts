import { z } from "zod";
import { TensorIOSchema } from "./fg";

/** A pending change request's content as the trial's configuration (anyone who may see the request). */
export const ChangeRequestSourceSchema = z.strictObject({ kind: z.literal("change-request"), id: z.string().uuid("must be a change request id") });
export type ChangeRequestSource = z.infer<typeof ChangeRequestSourceSchema>;

/** Which configuration a trial scored under, as its trace and errors name it. */
export type ConfigSourceName = "published" | "draft" | "change-request";

const ItemSchema = z.record(z.string(), z.unknown(), { error: "each item must be an object of item fields, such as {\"goods_id\": 123}" });

/**
 * The request's items: at least one (an empty batch asks nothing). How many at most is the
 * server's setting (SCORING_MAX_ITEMS, a 422 naming the cap), so it is not checked here.
 */
const ItemsSchema = z.array(ItemSchema, { error: "items must be a list of objects" }).min(1, "items is empty: leave it out to score one request, or list at least one item");

/** The first item key that is also an origin key: item i is scored with origin + its fields, so one name in both would be ambiguous. */
export function itemOriginClash(origin: Record<string, unknown>, items: Record<string, unknown>[]): { index: number; key: string } | null {
  for (const [index, item] of items.entries()) {
    const key = Object.keys(item).find((k) => Object.hasOwn(origin, k));
    if (key !== undefined) return { index, key };
  }
  return null;
}

/**
 * Strict on purpose: nothing in a trial request can name where the console connects (the
 * registry alone gives instance addresses), so unknown keys are refused, not ignored.
 */
export const ScoreRequestSchema = z
  .strictObject({
    app_name: z.string().trim().min(1, "Choose an app"),
    origin: z.record(z.string(), z.unknown(), { error: "origin must be an object of request fields" }),
    /** One user (origin) against many items (README "Batch scoring"); without it, the articles' single request. */
    items: ItemsSchema.optional(),
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
  })
  .superRefine((req, ctx) => {
    const clash = req.items ? itemOriginClash(req.origin, req.items) : null;
    if (clash) ctx.addIssue({ code: "custom", path: ["items", clash.index, clash.key], message: `"${clash.key}" is in origin and in item ${clash.index}: a field is either the request's or an item's` });
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

/** The answer to a single request (no `items`): the articles' format. */
export const SingleScoreResponseSchema = z.object({
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
export type ScoreResponse = z.infer<typeof SingleScoreResponseSchema>;

const ItemErrorSchema = z.object({ code: z.string(), message: z.string(), stage: StageSchema, status: z.number().optional() });

/** One item's answer in a batch: its outputs and fg log, or its own error (the others still score). */
export const ItemResultSchema = z.union([
  z.object({ index: z.number(), outputs: z.record(z.string(), TensorOutSchema), log: z.record(z.string(), z.unknown()) }),
  z.object({ index: z.number(), error: ItemErrorSchema }),
]);
export type ItemResult = z.infer<typeof ItemResultSchema>;

/** The answer to a request with `items` (sdk/src/runtime/types.ts BatchScoreResult): each item in request order. */
export const BatchScoreResponseSchema = z.object({
  app: z.string(),
  bucket: z.number(),
  solution: z.string(),
  model: z.object({ name: z.string(), version: z.number(), instances: z.array(z.string()) }),
  items: z.array(ItemResultSchema),
  /** One stacked Predict for all items, or one per item (and why). */
  predict: z.object({ mode: z.enum(["stacked", "per-item"]), calls: z.number(), reason: z.string().optional() }),
  trace: z.array(TraceStepSchema).optional(),
  details: z
    .object({
      queries: z.array(FeatureQuerySchema.extend({ item: z.number().optional() })),
      /** null for an item that stopped at its features. */
      featureMaps: z.array(z.record(z.string(), z.unknown()).nullable()),
      tensorIOs: z.array(TensorIOSchema.nullable()),
      predictRequests: z.array(z.unknown()),
    })
    .optional(),
});
export type BatchScoreResponse = z.infer<typeof BatchScoreResponseSchema>;

/** What POST /api/v1/score answers: a single result, or a batch's when the request has `items`. */
export const ScoreResponseSchema = z.union([SingleScoreResponseSchema, BatchScoreResponseSchema]);
export type TrialScoreResponse = z.infer<typeof ScoreResponseSchema>;

export function isBatchResponse(r: TrialScoreResponse): r is BatchScoreResponse {
  return "items" in r;
}
