import { BUCKET_KEYS, bucketIndexOf, SUM_KEY, type Histogram } from "../core/telemetry/histogram";

// Held here once: compiled to CommonJS (tsx), each use of an import reads a getter, per value.
const indexOf = bucketIndexOf;
const PAGE = 16;
const PAGES = Math.ceil(BUCKET_KEYS.length / PAGE);

/**
 * A histogram while it fills: counts in small Float64Array pages by bucket number (a page made
 * when a value first lands in it), so adding a value allocates nothing and names no key. It
 * becomes the shared Histogram shape (`toHistogram`) only when the aggregator drains: the same
 * buckets, counts and sum (added in the same order) as `addValue`/`addValues` make.
 */
export class HistogramAccumulator {
  private readonly pages: (Float64Array | null)[] = new Array<Float64Array | null>(PAGES).fill(null);
  private sum = 0;
  private count = 0;

  /** Adds one value (a non-finite one is skipped, as addValue does). */
  add(value: number): void {
    if (value - value !== 0) return; // NaN and ±Infinity, without a call
    const index = indexOf(value);
    const page = this.pages[index >> 4] ?? (this.pages[index >> 4] = new Float64Array(PAGE));
    page[index & (PAGE - 1)]! += 1;
    this.sum += value;
    this.count++;
  }

  /** Adds every numeric, finite value (a tensor's values as the runtime answers them: numbers, or a typed array). */
  addAll(values: ArrayLike<unknown>): void {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value === "number") this.add(value);
    }
  }

  toHistogram(): Histogram {
    const out: Histogram = {};
    for (let p = 0; p < PAGES; p++) {
      const page = this.pages[p];
      if (!page) continue;
      for (let k = 0; k < PAGE; k++) if (page[k]! > 0) out[BUCKET_KEYS[p * PAGE + k]!] = page[k]!;
    }
    if (this.count > 0) out[SUM_KEY] = this.sum;
    return out;
  }
}
