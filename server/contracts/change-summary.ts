import { z } from "zod";

/**
 * What a pending publish request does, in words a reviewer reads before the key table: live
 * (the app's latest delivered release) against the candidate (what approving would release now).
 * Computed by server/approvals/describe-change.ts; shapes here are client-safe.
 */

/** One solution's share of traffic (0..1) on live and in the candidate; null: it is not there. */
export const TrafficShareSchema = z.object({ solution: z.string(), before: z.number().nullable(), after: z.number().nullable() });

/** Buckets that change solution (null: no solution), with their share of traffic. */
export const BucketMoveLineSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  buckets: z.array(z.number()),
  share: z.number(),
  text: z.string(),
});

export const ChangeSummarySchema = z.object({
  /** The live release it is compared with; null before the app's first release. */
  live: z.object({ releaseId: z.string(), seq: z.number() }).nullable(),
  traffic: z.array(TrafficShareSchema),
  moves: z.array(BucketMoveLineSchema),
  /** The share of users whose solution (arm) changes, 0..1, and the sentence that says so. */
  usersMoving: z.object({ share: z.number(), text: z.string() }),
  /** Bucket settings (the document's `app` block) that change. */
  settings: z.array(z.object({ setting: z.enum(["bucket_count", "hash_key", "salt"]), before: z.union([z.string(), z.number()]), after: z.union([z.string(), z.number()]) })),
  /** Per solution, its model, fg and template changes (and whether it is new or removed) in one line. */
  solutions: z.array(z.object({ solution: z.string(), text: z.string() })),
  versions: z.array(z.object({ key: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  /** Nothing a scoring service would notice changes. */
  nothingChanges: z.boolean(),
});
export type ChangeSummary = z.infer<typeof ChangeSummarySchema>;

/** GET /api/v1/change-requests/{id}/summary: null for a request that makes no release, or is decided. */
export const ChangeSummaryResponseSchema = z.object({
  summary: ChangeSummarySchema.nullable(),
  /** Why there is no summary, when there is none. */
  reason: z.string().nullable(),
});
export type ChangeSummaryResponse = z.infer<typeof ChangeSummaryResponseSchema>;
