import { describe, expect, it } from "vitest";
import { addValue, addValues, BUCKET_KEYS, bucketIndexOf, bucketKeyOf, type Histogram } from "../core/telemetry/histogram";
import { emptyCounts, minuteOf, type BucketSeries, type SolutionSeries } from "../core/telemetry/series";
import { createTelemetryAggregator, releaseLabel, type ScoredRequest } from "./create-aggregator";
import { HistogramAccumulator } from "./histogram-accumulator";

/** A deterministic stream of numbers in [0, 1) (no Math.random in tests). */
function lcg(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const T0 = Date.parse("2026-12-03T10:00:00.000Z");
const STAGES = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"];

/** Records of every shape the aggregator takes: stageMs or steps, outputs or items' answers, failures, forced, several minutes. */
function records(n: number): ScoredRequest[] {
  const next = lcg(11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const out: ScoredRequest[] = [];
  for (let i = 0; i < n; i++) {
    const ms = STAGES.map((stage) => ({ stage, ms: pick([next() * 5, next() * 1e-10, 0, 1e12, NaN, -1]) }));
    const value = () => pick([next(), -next() * 50, 0, 1e-12, Infinity, next() * 1e3]);
    const r: ScoredRequest = {
      app: pick(["favpush", "feed"]),
      release: pick([7, "7", null, 8]),
      solution: pick(["v1", "v2", "none"]),
      bucket: pick([0, 3, 99, null]),
      forced: next() < 0.1,
      items: pick([1, 20, 0, 2.5, undefined]),
      errorStage: pick([null, null, null, "predict", "features"]),
      missingFeatures: pick([undefined, [], ["cf"], ["cf", "goods_vec"]]),
      at: T0 + Math.floor(next() * 3) * 60_000 + 5,
    };
    if (next() < 0.5) r.steps = ms;
    else r.stageMs = Object.fromEntries(ms.map((s) => [s.stage, s.ms]));
    const shape = Math.floor(next() * 3);
    if (shape === 0) r.outputs = { score: Array.from({ length: 1 + Math.floor(next() * 4) }, value), ctr: new Float32Array([next(), next()]) };
    if (shape === 1) {
      r.itemOutputs = Array.from({ length: 1 + Math.floor(next() * 20) }, () =>
        next() < 0.1 ? { error: "fg failed" } : { outputs: { score: { values: [value()] }, label: { values: ["a"] }, empty: { values: [] } } },
      );
    }
    out.push(r);
  }
  return out;
}

/** What the aggregator must equal: each record added with the core's addValue/addValues into plain maps. */
function reference(rs: readonly ScoredRequest[]): { solutions: SolutionSeries[]; buckets: BucketSeries[] } {
  const solutions = new Map<string, SolutionSeries>();
  const buckets = new Map<string, BucketSeries>();
  for (const r of rs) {
    const release = releaseLabel(r.release);
    const minute = minuteOf(r.at!);
    const id = JSON.stringify([r.app, release, r.solution, minute]);
    let s = solutions.get(id);
    if (!s) solutions.set(id, (s = { app: r.app, release, solution: r.solution, minute, ...emptyCounts() }));
    s.requests += 1;
    s.items += Number.isFinite(r.items) && r.items! > 0 ? Math.floor(r.items!) : 1;
    if (r.errorStage) s.errors[r.errorStage] = (s.errors[r.errorStage] ?? 0) + 1;
    const stageMs = r.stageMs ?? Object.fromEntries((r.steps ?? []).map((x) => [x.stage, x.ms]));
    for (const [stage, ms] of Object.entries(stageMs)) if (Number.isFinite(ms) && ms >= 0) addValue((s.latency[stage] ??= {}), ms);
    for (const [name, values] of Object.entries(r.outputs ?? {})) addValues((s.outputs[name] ??= {}), values);
    for (const item of r.itemOutputs ?? []) {
      if (!("outputs" in item)) continue;
      for (const [name, t] of Object.entries(item.outputs)) if (t.values.length > 0 && typeof t.values[0] === "number") addValues((s.outputs[name] ??= {}), t.values as number[]);
    }
    for (const f of r.missingFeatures ?? []) s.missing[f] = (s.missing[f] ?? 0) + 1;
    if (r.forced || r.bucket === null) continue;
    const bid = JSON.stringify([r.app, release, r.bucket, minute]);
    const b = buckets.get(bid);
    if (b) b.requests += 1;
    else buckets.set(bid, { app: r.app, release, minute, bucket: r.bucket, requests: 1 });
  }
  return { solutions: [...solutions.values()], buckets: [...buckets.values()] };
}

/** app -> the release of its latest record (a later record at the same time wins). */
function latestReleases(rs: readonly ScoredRequest[]): Record<string, string> {
  const latest = new Map<string, { release: string; at: number }>();
  for (const r of rs) if (!latest.has(r.app) || latest.get(r.app)!.at <= r.at!) latest.set(r.app, { release: releaseLabel(r.release), at: r.at! });
  return Object.fromEntries([...latest].map(([app, l]) => [app, l.release]));
}

describe("aggregator's accumulation", () => {
  it("equals the core histograms' addition exactly: the same series, bucket counts and sums, to the bit", () => {
    const rs = records(1_200);
    const agg = createTelemetryAggregator({ now: () => T0 + 200_000 });
    // Half before a drain and half after: the drain leaves nothing behind to count twice.
    for (const r of rs.slice(0, 600)) agg.record(r);
    const first = agg.drain();
    for (const r of rs.slice(600)) agg.record(r);
    const second = agg.drain();
    expect(first.solutions).toEqual(reference(rs.slice(0, 600)).solutions);
    expect(first.buckets).toEqual(reference(rs.slice(0, 600)).buckets);
    expect(second.solutions).toEqual(reference(rs.slice(600)).solutions);
    expect(second.buckets).toEqual(reference(rs.slice(600)).buckets);
    expect(first.droppedRecords + second.droppedRecords).toBe(0);
    expect(first.releases).toEqual(latestReleases(rs.slice(0, 600)));
    expect(second.releases).toEqual(latestReleases(rs));
  });

  it("keeps one series per capped name: a release given as a number or a string, a name over the cap", () => {
    const agg = createTelemetryAggregator({ now: () => T0 });
    const long = "s".repeat(500);
    for (const release of [7, "7"]) agg.record({ app: "a", release, solution: long, bucket: 1, forced: false, errorStage: null, stageMs: { [long]: 1 }, at: T0 });
    const d = agg.drain();
    expect(d.solutions).toHaveLength(1);
    expect(d.solutions[0]).toMatchObject({ release: "7", solution: "s".repeat(200), requests: 2 });
    expect(Object.keys(d.solutions[0]!.latency)).toEqual(["s".repeat(200)]);
    expect(d.buckets).toEqual([{ app: "a", release: "7", minute: minuteOf(T0), bucket: 1, requests: 2 }]);
  });

  it("finds a stage's histogram by name when stages come in another order or are new", () => {
    const agg = createTelemetryAggregator({ now: () => T0 });
    const base = { app: "a", release: 1, solution: "v1", bucket: null, forced: false, errorStage: null, at: T0 };
    agg.record({ ...base, steps: [{ stage: "config", ms: 1 }, { stage: "predict", ms: 4 }] });
    agg.record({ ...base, steps: [{ stage: "predict", ms: 8 }, { stage: "config", ms: 2 }, { stage: "fg", ms: 3 }] });
    agg.record({ ...base, stageMs: { "__proto__": 1, fg: 5 } as Record<string, number> });
    const latency = agg.drain().solutions[0]!.latency;
    expect(Object.keys(latency)).toEqual(["config", "predict", "fg"]);
    expect(latency.config).toEqual({ [bucketKeyOf(1)]: 1, [bucketKeyOf(2)]: 1, sum: 3 });
    expect(latency.predict).toEqual({ [bucketKeyOf(4)]: 1, [bucketKeyOf(8)]: 1, sum: 12 });
    expect(latency.fg!.sum).toBe(8);
  });
});

describe("histogram accumulator", () => {
  it("makes the histogram addValues makes, from numbers or a typed array, skipping what is not a finite number", () => {
    const next = lcg(5);
    const values = Array.from({ length: 2_000 }, (_, i) => (i % 3 === 0 ? -1 : 1) * next() ** 3 * 10 ** Math.floor(next() * 24 - 12));
    const expected: Histogram = {};
    addValues(expected, [...values, NaN, Infinity]);
    const acc = new HistogramAccumulator();
    acc.addAll([...values.slice(0, 1_000), NaN, "x", null, Infinity]);
    for (const v of values.slice(1_000)) acc.add(v);
    expect(acc.toHistogram()).toEqual(expected);
    const fromTyped = new HistogramAccumulator();
    fromTyped.addAll(new Float64Array(values));
    expect(fromTyped.toHistogram()).toEqual(expected);
    expect(new HistogramAccumulator().toHistogram()).toEqual({});
  });

  it("numbers every bucket key once, z first", () => {
    expect(BUCKET_KEYS[0]).toBe("z");
    expect(new Set(BUCKET_KEYS).size).toBe(BUCKET_KEYS.length);
    for (const v of [0, 1e-12, 1e-9, 1, -1, 1e9, 1e12, -1e12]) expect(BUCKET_KEYS[bucketIndexOf(v)]).toBe(bucketKeyOf(v));
  });
});
