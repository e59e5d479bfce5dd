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
  // logIndexOf without its Math.log (the hot path: every stage and output value of every request):
  // the octave from the float's exponent, a first guess from its top 8 mantissa bits, then the
  // exact lower bounds (LOWEST, found with logIndexOf itself) decide. Same answer, bit for bit.
  FLOAT[0] = magnitude;
  const word = WORDS[HIGH_WORD]!;
  let k = 8 * (((word >>> 20) & 0x7ff) - 1023) + SUB_OCTAVE[(word >>> 12) & 0xff]! - MIN_INDEX;
  if (k < 0) k = 0;
  else if (k > LAST) k = LAST;
  while (k < LAST && magnitude >= LOWEST[k + 1]!) k++;
  while (k > 0 && magnitude < LOWEST[k]!) k--;
  return (value < 0 ? 1 + BUCKETS_PER_SIGN : 1) + k;
}

/** The bucket index's definition: ceil(log_G(magnitude)), clamped (the 1e-9 keeps G^i itself in bucket i). */
export function logIndexOf(magnitude: number): number {
  return Math.min(MAX_INDEX, Math.max(MIN_INDEX, Math.ceil(Math.log(magnitude) / LOG_GAMMA - 1e-9)));
}

const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);
FLOAT[0] = 1;
/** The word of a float64 holding its sign, exponent and top mantissa bits (the platform's byte order). */
const HIGH_WORD = WORDS[1] === 0x3ff00000 ? 1 : 0;
const LAST = MAX_INDEX - MIN_INDEX;
/** A mantissa's top 8 bits -> the bucket within the octave where that slice of it starts. */
const SUB_OCTAVE = Int32Array.from({ length: 256 }, (_, bin) => Math.ceil(8 * Math.log2(1 + bin / 256) - 1e-9));
/** LOWEST[k]: the smallest magnitude whose logIndexOf is MIN_INDEX + k (k >= 1), bisected over doubles. */
const LOWEST = new Float64Array(LAST + 1);
LOWEST[0] = MIN_MAGNITUDE;
for (let k = 1; k <= LAST; k++) {
  const index = MIN_INDEX + k;
  // The bound lies just past G^(index-1) (by the 1e-9): a narrow bracket first, the whole bucket if it does not hold.
  let lo = Math.max(MIN_MAGNITUDE, HISTOGRAM_GAMMA ** (index - 1));
  let hi = lo * (1 + 1e-9);
  if (!(logIndexOf(lo) < index && logIndexOf(hi) >= index)) {
    lo = Math.max(MIN_MAGNITUDE, HISTOGRAM_GAMMA ** (index - 2));
    hi = HISTOGRAM_GAMMA ** index;
  }
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break; // adjacent doubles
    if (logIndexOf(mid) >= index) hi = mid;
    else lo = mid;
  }
  LOWEST[k] = hi;
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

/** A new histogram of these values. */
export function histogramOf(values: ArrayLike<number>): Histogram {
  const histogram: Histogram = {};
  addValues(histogram, values);
  return histogram;
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
