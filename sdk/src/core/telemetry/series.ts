import { mergeCounts, mergeNested, type Histogram } from "./histogram";

/**
 * What one minute of one app x release x solution did, on one instance or merged over many.
 * Every field merges by adding (series-merge: `mergeSolutionSeries`), so the console's rows and
 * a reporter's flush are the same shape and merging is exact.
 */
export interface SolutionCounts {
  requests: number;
  items: number;
  /** stage -> requests that failed at it. */
  errors: Record<string, number>;
  /** stage -> a histogram of its duration in milliseconds. */
  latency: Record<string, Histogram>;
  /** output tensor -> a histogram of its values. */
  outputs: Record<string, Histogram>;
  /** feature -> requests (or items) where it was missing. */
  missing: Record<string, number>;
}

export interface SeriesKey {
  app: string;
  /** The release revision the instance scored with (a string: "12", or "none" before any). */
  release: string;
  /** Start of the minute, ISO 8601 UTC. */
  minute: string;
}

export interface SolutionSeries extends SeriesKey, SolutionCounts {
  solution: string;
}

/** Requests per bucket, left out: requests that forced a bucket or solution. */
export interface BucketSeries extends SeriesKey {
  bucket: number;
  requests: number;
}

export function emptyCounts(): SolutionCounts {
  return { requests: 0, items: 0, errors: {}, latency: {}, outputs: {}, missing: {} };
}

/** Adds `from` into `into` (in place) and returns `into`. */
export function mergeSolutionCounts<T extends SolutionCounts>(into: T, from: SolutionCounts): T {
  into.requests += from.requests;
  into.items += from.items;
  mergeCounts(into.errors, from.errors);
  mergeNested(into.latency, from.latency);
  mergeNested(into.outputs, from.outputs);
  mergeCounts(into.missing, from.missing);
  return into;
}

export const solutionKeyOf = (s: Pick<SolutionSeries, "app" | "release" | "solution" | "minute">) => JSON.stringify([s.app, s.release, s.solution, s.minute]);
export const bucketKeyOfSeries = (s: Pick<BucketSeries, "app" | "release" | "bucket" | "minute">) => JSON.stringify([s.app, s.release, s.bucket, s.minute]);

/** One series per key, in key order: what a batch upsert needs (a key twice in one statement is an error). */
export function mergeSolutionSeries(list: readonly SolutionSeries[]): SolutionSeries[] {
  const byKey = new Map<string, SolutionSeries>();
  for (const s of list) {
    const key = solutionKeyOf(s);
    const have = byKey.get(key);
    if (have) mergeSolutionCounts(have, s);
    else byKey.set(key, mergeSolutionCounts({ app: s.app, release: s.release, solution: s.solution, minute: s.minute, ...emptyCounts() }, s));
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

export function mergeBucketSeries(list: readonly BucketSeries[]): BucketSeries[] {
  const byKey = new Map<string, BucketSeries>();
  for (const s of list) {
    const key = bucketKeyOfSeries(s);
    const have = byKey.get(key);
    if (have) have.requests += s.requests;
    else byKey.set(key, { ...s });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** The start of the minute `ms` falls in, ISO 8601 UTC. */
export function minuteOf(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}
