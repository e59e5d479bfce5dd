import { z } from "zod";
import { AppNameSchema } from "./apps";
import { MAX_SAMPLE_REQUESTS, RecentTrialSchema, SampleRequestSchema } from "./verification";

/**
 * Request and response shapes of the sample-request and recent-trial endpoints (the items
 * themselves are in ./verification). Client-safe.
 */
export const AppSampleParamsSchema = z.object({ app: AppNameSchema, id: z.string().uuid("must be an id") });

export const SampleRequestListSchema = z.object({
  sampleRequests: z.array(SampleRequestSchema),
  /** How many an app may hold (MAX_SAMPLE_REQUESTS). */
  limit: z.number(),
});
export type SampleRequestList = z.infer<typeof SampleRequestListSchema>;

export const AddTrialSamplesSchema = z.object({
  trialIds: z
    .array(z.string().regex(/^\d{1,15}$/, "must be a recent trial's id"), { error: "trialIds: the ids of recent trials" })
    .min(1, "Choose at least one recent trial")
    .max(MAX_SAMPLE_REQUESTS, `At most ${MAX_SAMPLE_REQUESTS} at once`),
});
export type AddTrialSamplesInput = z.input<typeof AddTrialSamplesSchema>;

export const AddTrialSamplesResultSchema = z.object({
  added: z.array(SampleRequestSchema),
  /** Chosen trials that were not added, and why (the same request is already a sample). */
  skipped: z.array(z.object({ trialId: z.string(), reason: z.string() })),
});
export type AddTrialSamplesResult = z.infer<typeof AddTrialSamplesResultSchema>;

export const RecentTrialListSchema = z.object({ trials: z.array(RecentTrialSchema) });
export type RecentTrialList = z.infer<typeof RecentTrialListSchema>;
