import { describe, expect, it } from "vitest";
import { addValues, bucketBounds, bucketKeyOf, countOf, HISTOGRAM_GAMMA, logIndexOf, meanOf, mergeCounts, MIN_MAGNITUDE, quantileOf, type Histogram } from "./histogram";
import { emptyCounts, mergeSolutionCounts, mergeSolutionSeries, type SolutionSeries } from "./series";

/** A deterministic spread of values (no Math.random in tests). */
function values(n: number, seed = 7): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return (x / 2 ** 31) * 100 + 0.5;
  });
}

describe("log histogram", () => {
  it("puts a value in the bucket whose bounds hold it", () => {
    for (const v of [1e-6, 0.3, 1, 2, 7.5, 123.456, 9e8, -0.2, -40]) {
      const { lo, hi } = bucketBounds(bucketKeyOf(v));
      expect(v).toBeGreaterThanOrEqual(Math.min(lo, hi) * (1 - 1e-12));
      expect(v).toBeLessThanOrEqual(Math.max(lo, hi) * (1 + 1e-12));
    }
    expect(bucketKeyOf(0)).toBe("z");
    expect(bucketKeyOf(1)).toBe("p0");
  });

  it("reads quantiles within (G-1)/(G+1) of the exact ones", () => {
    const data = values(5_000);
    const h: Histogram = {};
    addValues(h, data);
    const sorted = [...data].sort((a, b) => a - b);
    const bound = (HISTOGRAM_GAMMA - 1) / (HISTOGRAM_GAMMA + 1) + 1e-9;
    for (const q of [0.01, 0.5, 0.9, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      expect(Math.abs(quantileOf(h, q)! - exact) / exact).toBeLessThanOrEqual(bound);
    }
    expect(countOf(h)).toBe(5_000);
    expect(meanOf(h)).toBeCloseTo(data.reduce((s, v) => s + v, 0) / data.length, 9);
    expect(quantileOf({}, 0.5)).toBeNull();
  });

  it("merges exactly: the merge of parts is the histogram of the whole, in any order", () => {
    const data = values(3_000, 11).map((v, i) => (i % 7 === 0 ? -v : v));
    const whole: Histogram = {};
    addValues(whole, data);
    const parts = [data.slice(0, 1000), data.slice(1000, 1100), data.slice(1100)].map((p) => {
      const h: Histogram = {};
      addValues(h, p);
      return h;
    });
    const forward = parts.reduce((into, p) => mergeCounts(into, p), {} as Histogram);
    const backward = [...parts].reverse().reduce((into, p) => mergeCounts(into, p), {} as Histogram);
    const { sum: s1, ...b1 } = forward;
    const { sum: s2, ...b2 } = backward;
    const { sum: s0, ...b0 } = whole;
    expect(b1).toEqual(b0);
    expect(b2).toEqual(b0);
    expect(s1).toBeCloseTo(s0!, 6);
    expect(s2).toBeCloseTo(s0!, 6);
  });

  it("skips values without a bucket and does not touch the prototype", () => {
    const h: Histogram = {};
    addValues(h, [Number.NaN, Number.POSITIVE_INFINITY, 1]);
    expect(countOf(h)).toBe(1);
    const into: Record<string, number> = {};
    mergeCounts(into, JSON.parse('{"__proto__": 5, "a": 1}') as Record<string, number>);
    expect(Object.getPrototypeOf(into)).toBe(Object.prototype);
    expect(into).toEqual({ a: 1 });
  });
});

describe("series merge", () => {
  const series = (solution: string, minute: string, n: number): SolutionSeries => {
    const c = { app: "favpush", release: "3", solution, minute, ...emptyCounts() };
    c.requests = n;
    c.items = 2 * n;
    c.errors = { predict: 1 };
    c.latency = { predict: { p3: n } };
    c.outputs = { y: { p0: n, sum: n } };
    c.missing = { cf: n };
    return c;
  };

  it("merges series of one key into one, counts added, in key order", () => {
    const merged = mergeSolutionSeries([series("v2", "2026-01-01T00:00:00.000Z", 2), series("v1", "2026-01-01T00:00:00.000Z", 1), series("v2", "2026-01-01T00:00:00.000Z", 3)]);
    expect(merged.map((s) => s.solution)).toEqual(["v1", "v2"]);
    expect(merged[1]).toMatchObject({ requests: 5, items: 10, errors: { predict: 2 }, latency: { predict: { p3: 5 } }, outputs: { y: { p0: 5, sum: 5 } }, missing: { cf: 5 } });
  });

  it("is associative and commutative on counts", () => {
    const [a, b, c] = [series("v1", "m", 1), series("v1", "m", 2), series("v1", "m", 4)];
    const ab_c = mergeSolutionCounts(mergeSolutionCounts(mergeSolutionCounts(emptyCounts(), a!), b!), c!);
    const c_ba = mergeSolutionCounts(mergeSolutionCounts(mergeSolutionCounts(emptyCounts(), c!), b!), a!);
    expect(ab_c).toEqual(c_ba);
  });
});

describe("bucket index", () => {
  /** The doubles next to x (x > 0). */
  const bits = new BigUint64Array(1);
  const float = new Float64Array(bits.buffer);
  const step = (x: number, by: bigint) => {
    float[0] = x;
    bits[0] = bits[0]! + by;
    return float[0]!;
  };

  it("answers its definition (ceil of log base G, clamped) for every magnitude, at each bucket's bounds to the last bit", () => {
    const checked: number[] = [];
    for (let index = -240; index <= 240; index++) {
      // Where the definition turns from index - 1 to index (1e-9 of a bucket past G^(index-1)), found here by its own bisection.
      let lo = HISTOGRAM_GAMMA ** (index - 2);
      let hi = HISTOGRAM_GAMMA ** index;
      while (step(lo, 1n) < hi) {
        const mid = lo + (hi - lo) / 2;
        if (logIndexOf(mid) >= index) hi = mid;
        else lo = mid;
      }
      const bound = HISTOGRAM_GAMMA ** (index - 1);
      for (const x of [hi, lo, step(hi, 1n), step(lo, -1n), bound, step(bound, -1n), step(bound, 1n), bound * 1.0001, bound * 0.9999]) checked.push(x, -x);
    }
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      checked.push((x / 2 ** 31) * 10 ** ((i % 30) - 15));
    }
    checked.push(0, -0, 1e-9, step(1e-9, -1n), 1e9, step(1e9, 1n), 1e300, -1e300, Number.MIN_VALUE, Infinity);
    for (const v of checked) {
      const magnitude = Math.abs(v);
      const expected = magnitude < MIN_MAGNITUDE ? "z" : `${v < 0 ? "n" : "p"}${logIndexOf(magnitude)}`;
      if (bucketKeyOf(v) !== expected) expect({ v, key: bucketKeyOf(v) }).toEqual({ v, key: expected });
    }
    expect(checked.length).toBeGreaterThan(25_000);
  });
});
