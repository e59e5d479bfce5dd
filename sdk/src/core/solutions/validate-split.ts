import type { Solution } from "./solution-types";
import { CoreError } from "../core-error";
import { assertBucketCount } from "./bucket-count";
import { describeBuckets } from "./bucket-ranges";

export type SolutionBuckets = Pick<Solution, "name" | "buckets">;

export interface SplitCheck {
  /** True when every bucket 0..bucketCount-1 belongs to exactly one solution. */
  ok: boolean;
  /** Buckets that belong to no solution, ascending. */
  gaps: number[];
  /** Buckets claimed by several solutions (in solution order), ascending by bucket. */
  overlaps: { bucket: number; solutions: string[] }[];
  /** Buckets that are not whole numbers in 0..bucketCount-1, in solution order. */
  outOfRange: { bucket: number; solution: string }[];
}

export function validateSplit(bucketCount: number, solutions: readonly SolutionBuckets[]): SplitCheck {
  assertBucketCount(bucketCount);
  const owners: string[][] = Array.from({ length: bucketCount }, () => []);
  const outOfRange: SplitCheck["outOfRange"] = [];
  for (const { name, buckets } of solutions) {
    // A bucket listed twice by one solution is still owned once.
    for (const bucket of [...new Set(buckets)].sort((a, b) => a - b)) {
      const slot = Number.isInteger(bucket) ? owners[bucket] : undefined;
      if (slot) slot.push(name);
      else outOfRange.push({ bucket, solution: name });
    }
  }
  const gaps: number[] = [];
  const overlaps: SplitCheck["overlaps"] = [];
  owners.forEach((names, bucket) => {
    if (names.length === 0) gaps.push(bucket);
    else if (names.length > 1) overlaps.push({ bucket, solutions: names });
  });
  return { ok: gaps.length + overlaps.length + outOfRange.length === 0, gaps, overlaps, outOfRange };
}

export interface AssertValidSplitOptions {
  /** Drafts and previews may leave buckets unassigned; overlaps and out-of-range buckets still fail. */
  allowGaps?: boolean;
}

/** Throws CoreError unprocessable naming every bad bucket, e.g. "buckets 3-4, 7 belong to no solution". */
export function assertValidSplit(
  bucketCount: number,
  solutions: readonly SolutionBuckets[],
  { allowGaps = false }: AssertValidSplitOptions = {},
): void {
  const check = validateSplit(bucketCount, solutions);
  const gaps = allowGaps ? [] : check.gaps;
  if (gaps.length + check.overlaps.length + check.outOfRange.length === 0) return;
  const problems: string[] = [];
  if (gaps.length > 0) {
    problems.push(`${describeBuckets(gaps)} ${gaps.length === 1 ? "belongs" : "belong"} to no solution`);
  }
  for (const [owners, buckets] of groupBy(check.overlaps, (o) => listNames(o.solutions), (o) => o.bucket)) {
    problems.push(`${describeBuckets(buckets)} ${buckets.length === 1 ? "belongs" : "belong"} to several solutions: ${owners}`);
  }
  for (const [solution, buckets] of groupBy(check.outOfRange, (o) => o.solution, (o) => o.bucket)) {
    const verb = buckets.length === 1 ? "is" : "are";
    problems.push(`${describeBuckets(buckets)} of ${solution} ${verb} outside 0-${bucketCount - 1}`);
  }
  throw new CoreError("unprocessable", `Invalid bucket split: ${problems.join("; ")}`, {
    gaps,
    overlaps: check.overlaps,
    outOfRange: check.outOfRange,
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => number): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(value(item));
    else groups.set(key(item), [value(item)]);
  }
  return groups;
}

/** `["v1", "v2", "v3"]` -> `"v1, v2 and v3"`. */
function listNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
