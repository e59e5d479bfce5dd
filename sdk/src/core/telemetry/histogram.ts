/**
 * A fixed log-bucket histogram: a flat map of bucket key -> count, plus `sum` (the values' total).
 * The buckets are the same for every reporter and never adapt, so merging is adding counts key
 * by key: exact, commutative and associative (the console does the same addition in SQL,
 * db/migrations/0010_telemetry.sql). Bucket `p<i>` holds positive values in (G^(i-1), G^i],
 * `n<i>` the negatives by magnitude, `z` zero (and magnitudes below MIN_MAGNITUDE); G = 2^(1/8),
 * so a quantile read from it is within 4.4% of the true value. Magnitudes are clamped to
 * [MIN_MAGNITUDE, MAX_MAGNITUDE], so one histogram holds at most 2 * 481 + 1 keys.
 */
export type Histogram = Record<string, number>;

export const HISTOGRAM_GAMMA = 2 ** (1 / 8);
export const MIN_MAGNITUDE = 1e-9;
export const MAX_MAGNITUDE = 1e9;
const LOG_GAMMA = Math.log(HISTOGRAM_GAMMA);
const MIN_INDEX = Math.ceil(Math.log(MIN_MAGNITUDE) / LOG_GAMMA);
const MAX_INDEX = Math.ceil(Math.log(MAX_MAGNITUDE) / LOG_GAMMA);
/** The key of the values' total inside a histogram (not a bucket). */
export const SUM_KEY = "sum";

export function bucketKeyOf(value: number): string {
  // The keys made once: every scored request adds a value per stage.
  return BUCKET_KEYS[bucketIndexOf(value)]!;
}

/**
 * Bucket `z` and the clamped indexes, numbered densely: 0 is `z`, 1..BUCKETS_PER_SIGN the `p`
 * buckets in order, then the `n` buckets. An aggregator counts into an array by this number and
 * names the buckets (BUCKET_KEYS) only when it hands a histogram out.
 */
export function bucketIndexOf(value: number): number {
  const magnitude = Math.abs(value);
  if (!(magnitude >= MIN_MAGNITUDE)) return 0;
  const index = Math.min(MAX_INDEX, Math.max(MIN_INDEX, Math.ceil(Math.log(magnitude) / LOG_GAMMA - 1e-9)));
  return (value < 0 ? 1 + BUCKETS_PER_SIGN : 1) + index - MIN_INDEX;
}
export const BUCKETS_PER_SIGN = MAX_INDEX - MIN_INDEX + 1;
const keysOf = (sign: string) => Array.from({ length: BUCKETS_PER_SIGN }, (_, i) => `${sign}${MIN_INDEX + i}`);
/** bucketIndexOf's number -> the bucket's key. */
export const BUCKET_KEYS: readonly string[] = ["z", ...keysOf("p"), ...keysOf("n")];

/** Where a bucket sits: its bounds, and the value that stands for it (the relative-error midpoint). */
export function bucketBounds(key: string): { lo: number; hi: number; mid: number } {
  // Kept per key: a Live query places hundreds of thousands of buckets, over a thousand keys.
  let bounds = BOUNDS.get(key);
  if (!bounds) {
    bounds = boundsOf(key);
    if (BOUNDS.size < 4_096) BOUNDS.set(key, bounds);
  }
  return bounds;
}
const BOUNDS = new Map<string, { lo: number; hi: number; mid: number }>();

function boundsOf(key: string): { lo: number; hi: number; mid: number } {
  if (key === "z") return { lo: 0, hi: 0, mid: 0 };
  const index = Number(key.slice(1));
  const upper = HISTOGRAM_GAMMA ** index;
  const lower = HISTOGRAM_GAMMA ** (index - 1);
  const mid = (2 * upper) / (HISTOGRAM_GAMMA + 1);
  return key[0] === "n" ? { lo: -upper, hi: -lower, mid: -mid } : { lo: lower, hi: upper, mid };
}

export function isBucketKey(key: string): boolean {
  return key === "z" || /^[pn]-?\d+$/.test(key);
}

/** Adds one value to a histogram in place (a non-finite one is skipped). */
export function addValue(histogram: Histogram, value: number): void {
  if (!Number.isFinite(value)) return;
  const key = bucketKeyOf(value);
  histogram[key] = (histogram[key] ?? 0) + 1;
  histogram[SUM_KEY] = (histogram[SUM_KEY] ?? 0) + value;
}

/** Adds values to a histogram in place (non-finite values are skipped: they have no bucket). */
export function addValues(histogram: Histogram, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) continue;
    const key = bucketKeyOf(value);
    histogram[key] = (histogram[key] ?? 0) + 1;
    histogram[SUM_KEY] = (histogram[SUM_KEY] ?? 0) + value;
  }
}

/** Adds `from` into `into`, key by key (counts and the sum). */
export function mergeCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  // for-in, not Object.entries: the Live query merges millions of keys, and the pairs' arrays were most of its garbage.
  for (const key in from) if (key !== "__proto__" && Object.hasOwn(from, key)) into[key] = (into[key] ?? 0) + from[key]!;
  return into;
}

/** Adds every named map of `from` into the same-named map of `into`. */
export function mergeNested(into: Record<string, Record<string, number>>, from: Record<string, Record<string, number>>) {
  for (const name in from) if (name !== "__proto__" && Object.hasOwn(from, name)) mergeCounts((into[name] ??= {}), from[name]!);
  return into;
}

/** How many values the histogram holds. */
export function countOf(histogram: Histogram): number {
  let n = 0;
  for (const key in histogram) if (key !== SUM_KEY && Object.hasOwn(histogram, key)) n += histogram[key]!;
  return n;
}

export function meanOf(histogram: Histogram): number | null {
  const n = countOf(histogram);
  return n === 0 ? null : (histogram[SUM_KEY] ?? 0) / n;
}

/** The buckets in value order, with their counts. */
export function sortedBuckets(histogram: Histogram): { key: string; lo: number; hi: number; mid: number; count: number }[] {
  const buckets: { key: string; lo: number; hi: number; mid: number; count: number }[] = [];
  for (const key in histogram) {
    const count = histogram[key]!;
    if (key === SUM_KEY || !(count > 0) || !Object.hasOwn(histogram, key)) continue;
    const { lo, hi, mid } = bucketBounds(key);
    buckets.push({ key, lo, hi, mid, count });
  }
  return buckets.sort((a, b) => a.mid - b.mid);
}

/**
 * The q-quantile (0..1) as the midpoint of the bucket the rank falls in, or null when empty:
 * within (G-1)/(G+1) = 4.4% of the true value for magnitudes inside the clamp.
 */
export function quantileOf(histogram: Histogram, q: number): number | null {
  return quantilesOf(histogram, [q])[0]!;
}

/** Several quantiles of one histogram (as quantileOf), its buckets sorted once. */
export function quantilesOf(histogram: Histogram, qs: readonly number[], sorted = sortedBuckets(histogram)): (number | null)[] {
  let n = 0;
  for (const b of sorted) n += b.count;
  return qs.map((q) => {
    if (n === 0) return null;
    const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * n));
    let seen = 0;
    for (const b of sorted) {
      seen += b.count;
      if (seen >= rank) return b.mid;
    }
    return sorted[sorted.length - 1]!.mid;
  });
}
