import { z } from "zod";
import { isBucketKey, SUM_KEY } from "@/sdk/src/core/telemetry/histogram";
import { TELEMETRY_LIMITS } from "@/sdk/src/core/telemetry/report";

/**
 * A name a reporter sends (app, release, solution, stage, output, feature, instance, host). As a
 * record key, zod drops `__proto__` before the refinement sees it; elsewhere it is refused.
 */
const NameSchema = z
  .string()
  .min(1)
  .max(TELEMETRY_LIMITS.nameChars)
  .refine((n) => n !== "__proto__", "is a reserved name");

const CountSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

export const MinuteSchema = IsoDateTimeSchema.refine((t) => Date.parse(t) % 60_000 === 0, "must be the start of a minute");

/** A fixed log-bucket histogram (sdk/src/core/telemetry/histogram.ts): bucket key -> count, plus `sum`. */
const HistogramSchema = z.record(z.string(), z.number().finite()).superRefine((h, ctx) => {
  for (const [key, value] of Object.entries(h)) {
    if (key === SUM_KEY) continue;
    if (!isBucketKey(key)) ctx.addIssue({ code: "custom", message: `"${key.slice(0, 40)}" is not a histogram bucket`, path: [key] });
    else if (!Number.isInteger(value) || value < 0) ctx.addIssue({ code: "custom", message: "a bucket's count is a whole number >= 0", path: [key] });
  }
});

const CountsMapSchema = z.record(NameSchema, CountSchema);
const HistogramsSchema = z.record(NameSchema, HistogramSchema);

export const SolutionSeriesSchema = z.object({
  app: NameSchema,
  release: NameSchema,
  solution: NameSchema,
  minute: MinuteSchema,
  requests: CountSchema,
  items: CountSchema,
  errors: CountsMapSchema,
  latency: HistogramsSchema,
  outputs: HistogramsSchema,
  missing: CountsMapSchema,
});

export const BucketSeriesSchema = z.object({
  app: NameSchema,
  release: NameSchema,
  bucket: z.number().int().min(0).max(9_999),
  minute: MinuteSchema,
  requests: CountSchema,
});

export const ReportIdSchema = z.string().uuid("must be a UUID (the report's idempotency key)");

/** POST /api/v1/telemetry: one report of one scoring instance (README "Telemetry"). */
export const TelemetryReportSchema = z.object({
  id: ReportIdSchema,
  instance: NameSchema,
  host: NameSchema,
  from: IsoDateTimeSchema,
  to: IsoDateTimeSchema,
  releases: z.record(NameSchema, NameSchema),
  solutions: z.array(SolutionSeriesSchema),
  buckets: z.array(BucketSeriesSchema),
  dropped: z.object({ reports: CountSchema, records: CountSchema }).default({ reports: 0, records: 0 }),
});
export type TelemetryReportInput = z.infer<typeof TelemetryReportSchema>;

/** POST /api/v1/telemetry's answer (202): the report is queued and will be written within a moment. */
export const TelemetryQueuedResultSchema = z.object({
  queued: z.literal(true),
  /** Series taken: written with the report, unless a report with its id was taken before (a retry is counted once). */
  solutions: z.number().int(),
  buckets: z.number().int(),
  /** Series left out: their minute is outside what the console keeps per minute, or in the future. */
  skipped: z.number().int(),
});
export type TelemetryQueuedResult = z.infer<typeof TelemetryQueuedResultSchema>;

export const LiveQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Seconds per point: a multiple of 60; default: what keeps the window under 360 points. */
  step: z.coerce.number().int().min(60).max(30 * 86_400).refine((s) => s % 60 === 0, "must be a whole number of minutes, in seconds").optional(),
});
export type LiveQuery = z.infer<typeof LiveQuerySchema>;

const StageQuantilesSchema = z.object({ p50: z.number().nullable(), p99: z.number().nullable() });

export const LivePointSchema = z.object({
  /** Start of the step, ISO 8601. */
  t: z.string(),
  requests: z.number(),
  items: z.number(),
  /** stage -> errors / requests. */
  errorRate: z.record(z.string(), z.number()),
  /** stage -> p50 and p99 milliseconds. */
  latency: z.record(z.string(), StageQuantilesSchema),
  /** feature -> missing / items. */
  missingRate: z.record(z.string(), z.number()),
  /** output -> mean value. */
  outputMean: z.record(z.string(), z.number().nullable()),
});

export const OutputDistributionSchema = z.object({
  count: z.number(),
  mean: z.number().nullable(),
  p50: z.number().nullable(),
  p99: z.number().nullable(),
  buckets: z.array(z.object({ lo: z.number(), hi: z.number(), count: z.number() })),
});

const SrmSchema = z.union([
  z.object({ status: z.literal("too_little_traffic"), total: z.number(), minExpected: z.number() }),
  z.object({
    status: z.enum(["ok", "mismatch"]),
    total: z.number(),
    chiSquare: z.number(),
    df: z.number(),
    pValue: z.number(),
    deviating: z.array(z.object({ key: z.union([z.string(), z.number()]), observed: z.number(), expected: z.number(), z: z.number() })),
  }),
]);

export const LiveInstanceSchema = z.object({
  instance: z.string(),
  host: z.string(),
  release: z.string(),
  firstSeen: z.string(),
  releaseSince: z.string(),
  lastReport: z.string(),
  droppedReports: z.number(),
  droppedRecords: z.number(),
});

export const LiveViewSchema = z.object({
  app: z.string(),
  from: z.string(),
  to: z.string(),
  step: z.number(),
  /** The live release the split is checked against (null before any release). */
  release: z.object({ id: z.string(), seq: z.number(), revision: z.number().nullable(), label: z.string() }).nullable(),
  solutions: z.array(
    z.object({
      solution: z.string(),
      requests: z.number(),
      items: z.number(),
      errors: z.record(z.string(), z.number()),
      /** Share of the app's non-forced requests on the live release in the window, and the share its buckets give it. */
      observedShare: z.number().nullable(),
      configuredShare: z.number().nullable(),
      series: z.array(LivePointSchema),
      outputs: z.record(z.string(), OutputDistributionSchema),
    }),
  ),
  split: z.object({ solutions: SrmSchema, buckets: SrmSchema }).nullable(),
  instances: z.array(LiveInstanceSchema),
});
export type LiveView = z.infer<typeof LiveViewSchema>;
