import { CoreError } from "../core-error";
import type { BucketAssignment } from "./bucket-assignment";
import { assertBucketCount } from "./bucket-count";

export interface BucketMove {
  /** null: the buckets belonged to no solution before (or belong to none after, for `to`). */
  from: string | null;
  to: string | null;
  /** Ascending. */
  buckets: number[];
  /** Share of all traffic that moves, 0..1: each bucket carries 1/bucketCount of it. */
  share: number;
}

export interface MoveSummary {
  /** One entry per (from, to) pair, ordered by their first bucket. */
  moves: BucketMove[];
  movedBuckets: number;
  movedShare: number;
}

export interface SummarizeMoveOptions {
  bucketCount: number;
  before: BucketAssignment;
  after: BucketAssignment;
}

/** What a change of bucket split does to live traffic: which buckets change solution, and how much traffic that is. */
export function summarizeMove({ bucketCount, before, after }: SummarizeMoveOptions): MoveSummary {
  assertBucketCount(bucketCount);
  for (const [side, assignment] of [["before", before], ["after", after]] as const) {
    for (const bucket of assignment.keys()) {
      if (!Number.isInteger(bucket) || bucket < 0 || bucket >= bucketCount) {
        throw new CoreError("bad_request", `Bucket ${bucket} (${side}) is outside 0-${bucketCount - 1}`);
      }
    }
  }
  const byPair = new Map<string, BucketMove>();
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const from = before.get(bucket) ?? null;
    const to = after.get(bucket) ?? null;
    if (from === to) continue;
    const pair = JSON.stringify([from, to]);
    const move = byPair.get(pair) ?? { from, to, buckets: [], share: 0 };
    move.buckets.push(bucket);
    move.share = move.buckets.length / bucketCount;
    byPair.set(pair, move);
  }
  // Buckets are visited in ascending order, so insertion order is first-bucket order.
  const moves = [...byPair.values()];
  const movedBuckets = moves.reduce((sum, move) => sum + move.buckets.length, 0);
  return { moves, movedBuckets, movedShare: movedBuckets / bucketCount };
}
