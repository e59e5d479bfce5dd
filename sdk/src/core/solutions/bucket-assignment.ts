import { assertValidSplit, type SolutionBuckets } from "./validate-split";

/** bucket -> the name of the solution it belongs to; a bucket missing from the map belongs to none. */
export type BucketAssignment = ReadonlyMap<number, string>;

/**
 * The assignment of a split that may still have gaps (a draft). Throws CoreError unprocessable
 * when a bucket belongs to several solutions or lies outside 0..bucketCount-1.
 */
export function assignBuckets(bucketCount: number, solutions: readonly SolutionBuckets[]): BucketAssignment {
  assertValidSplit(bucketCount, solutions, { allowGaps: true });
  const assignment = new Map<number, string>();
  for (const { name, buckets } of solutions) for (const bucket of buckets) assignment.set(bucket, name);
  return assignment;
}
