import { bucketOf, type BucketKey } from "../bucketing";
import { CoreError } from "../core-error";
import { assignBuckets } from "./bucket-assignment";
import type { SolutionBuckets } from "./validate-split";

export interface TrafficPreviewOptions {
  app: { salt: string; bucketCount: number };
  solutions: readonly SolutionBuckets[];
  keys: readonly BucketKey[];
}

export interface KeyPlacement {
  key: BucketKey;
  bucket: number;
  /** null when the bucket belongs to no solution (a gap in a draft split). */
  solution: string | null;
}

export interface SolutionTraffic {
  /** null: the buckets of no solution; listed only when the split has gaps. */
  solution: string | null;
  observedCount: number;
  /** Share of the given keys, 0..1 (0 when no keys were given). */
  observedShare: number;
  /** Share of the buckets, 0..1: what a large, varied key sample should approach. */
  configuredShare: number;
  /** observedShare - configuredShare. */
  difference: number;
}

export interface TrafficPreview {
  keys: KeyPlacement[];
  /** One entry per solution, in the given order, then the unassigned entry if any. */
  solutions: SolutionTraffic[];
}

/** Where sample key values land under a split: per key, and per solution against the configured shares. */
export function trafficPreview({ app, solutions, keys }: TrafficPreviewOptions): TrafficPreview {
  const assignment = assignBuckets(app.bucketCount, solutions);
  const placements = keys.map((key, index): KeyPlacement => {
    const bucket = bucketOfKey(app.salt, key, app.bucketCount, index);
    return { key, bucket, solution: assignment.get(bucket) ?? null };
  });

  const observed = new Map<string | null, number>();
  for (const { solution } of placements) observed.set(solution, (observed.get(solution) ?? 0) + 1);
  const traffic = (solution: string | null, bucketsOwned: number): SolutionTraffic => {
    const observedCount = observed.get(solution) ?? 0;
    const observedShare = keys.length === 0 ? 0 : observedCount / keys.length;
    const configuredShare = bucketsOwned / app.bucketCount;
    return { solution, observedCount, observedShare, configuredShare, difference: observedShare - configuredShare };
  };

  const rows = solutions.map((solution) => traffic(solution.name, new Set(solution.buckets).size));
  const unassignedBuckets = app.bucketCount - assignment.size;
  if (unassignedBuckets > 0) rows.push(traffic(null, unassignedBuckets));
  return { keys: placements, solutions: rows };
}

function bucketOfKey(salt: string, keyValue: BucketKey, bucketCount: number, index: number): number {
  try {
    return bucketOf({ salt, keyValue, bucketCount });
  } catch (error) {
    // The SDK cannot depend on the console's error type; its RangeErrors are bad input here.
    if (error instanceof RangeError) throw new CoreError("bad_request", `Key ${index + 1} (${String(keyValue)}): ${error.message}`);
    throw error;
  }
}
