import { bucketBounds, countOf, meanOf, mergeCounts, mergeNested, quantilesOf, sortedBuckets, SUM_KEY, type Histogram } from "@/sdk/src/core/telemetry/histogram";
import { emptyCounts, mergeSolutionCounts, type SolutionCounts } from "@/sdk/src/core/telemetry/series";
import type { LiveView } from "@/server/contracts/telemetry";
import type { LiveWindow } from "./live-window";

export type SolutionRow = SolutionCounts & { solution: string; start: Date };
type LiveSolution = LiveView["solutions"][number];
export type LivePoint = LiveSolution["series"][number];
export type LiveSeries = Omit<LiveSolution, "observedShare" | "configuredShare">;

/** A span of a window's points: `points` steps from `from` (a whole step). */
export type PointSpan = Pick<LiveWindow, "from" | "step" | "points">;

/**
 * One solution over a span of points: a finished point per step that has rows, and the span's
 * totals (requests, items, errors, output histograms; latency and missing totals are not shown).
 * Never changed once built: read-live-series.ts keeps finished spans and shares them.
 */
export interface SolutionSpan {
  points: (LivePoint | undefined)[];
  total: SolutionCounts;
}

/** A step without rows (shared, never written to). */
const EMPTY: SolutionCounts = Object.freeze(emptyCounts());

/**
 * Per solution: one point per step of the window (every step, empty ones included, so charts
 * show gaps), and the window's totals and merged output histograms. Rows are placed by their
 * start: an hourly row lands in the step its hour starts in.
 */
export function buildLiveSeries(rows: readonly SolutionRow[], window: LiveWindow): LiveSeries[] {
  return joinSpans([{ span: window, solutions: buildSpan(rows, window) }], window);
}

/** The finished points and totals of each solution with rows in `span` (rows outside it are left out). */
export function buildSpan(rows: readonly SolutionRow[], span: PointSpan): Map<string, SolutionSpan> {
  const stepMs = span.step * 1000;
  const from = span.from.getTime();
  // A step's counts are its one row as read (the usual case on a row per step), copied into a sum only when a second row lands.
  const bySolution = new Map<string, { steps: SolutionCounts[]; owned: Uint8Array }>();
  for (const row of rows) {
    const index = Math.floor((row.start.getTime() - from) / stepMs);
    if (index < 0 || index >= span.points) continue;
    let of = bySolution.get(row.solution);
    if (!of) bySolution.set(row.solution, (of = { steps: new Array<SolutionCounts>(span.points).fill(EMPTY), owned: new Uint8Array(span.points) }));
    const have = of.steps[index]!;
    if (have === EMPTY) of.steps[index] = row;
    else {
      if (!of.owned[index]) {
        of.steps[index] = mergeSolutionCounts(emptyCounts(), have);
        of.owned[index] = 1;
      }
      mergeSolutionCounts(of.steps[index]!, row);
    }
  }
  const out = new Map<string, SolutionSpan>();
  for (const [solution, { steps }] of bySolution) {
    out.set(solution, { points: steps.map((counts, i) => (counts === EMPTY ? undefined : pointOf(counts, new Date(from + i * stepMs)))), total: totalOf(steps) });
  }
  return out;
}

/**
 * The window's series from consecutive spans covering its points in order: a solution's points
 * are its spans' points (an empty point where a span has none), its totals their sum. The spans'
 * totals are read, never changed.
 */
export function joinSpans(spans: readonly { span: PointSpan; solutions: ReadonlyMap<string, SolutionSpan> }[], window: LiveWindow): LiveSeries[] {
  const names = new Set<string>();
  for (const s of spans) for (const name of s.solutions.keys()) names.add(name);
  return [...names]
    .sort((a, b) => a.localeCompare(b))
    .map((solution) => {
      const total = emptyCounts();
      const series: LivePoint[] = [];
      for (const { span, solutions } of spans) {
        const of = solutions.get(solution);
        if (of) addTotal(total, of.total);
        const from = span.from.getTime();
        for (let i = 0; i < span.points; i++) series.push(of?.points[i] ?? emptyPoint(new Date(from + i * span.step * 1000)));
      }
      if (series.length !== window.points) throw new Error(`Live spans give ${series.length} points for a window of ${window.points}`);
      return {
        solution,
        requests: total.requests,
        items: total.items,
        errors: total.errors,
        series,
        outputs: Object.fromEntries(Object.entries(total.outputs).map(([name, h]) => [name, distributionOf(h)])),
      };
    });
}

/** A span's totals, from its steps (a few hundred merges, not one per row). */
function totalOf(steps: readonly SolutionCounts[]): SolutionCounts {
  const total = emptyCounts();
  for (const step of steps) if (step.requests !== 0 || step.items !== 0) addTotal(total, step);
  return total;
}

function addTotal(total: SolutionCounts, from: SolutionCounts): void {
  total.requests += from.requests;
  total.items += from.items;
  mergeCounts(total.errors, from.errors);
  mergeNested(total.outputs, from.outputs);
}

export function emptyPoint(t: Date): LivePoint {
  return pointOf(EMPTY, t);
}

function pointOf(c: SolutionCounts, t: Date): LivePoint {
  // Plain loops, not Object.entries/fromEntries: a 24 h window builds thousands of points, and the pairs' arrays were garbage.
  const rate = (n: number) => (c.requests > 0 ? n / c.requests : 0);
  const errorRate: Record<string, number> = {};
  for (const stage in c.errors) if (own(c.errors, stage)) errorRate[stage] = rate(c.errors[stage]!);
  const latency: Record<string, { p50: number | null; p99: number | null }> = {};
  for (const stage in c.latency) if (own(c.latency, stage)) latency[stage] = p50p99(c.latency[stage]!);
  const missingRate: Record<string, number> = {};
  for (const feature in c.missing) if (own(c.missing, feature)) missingRate[feature] = rate(c.missing[feature]!);
  const outputMean: Record<string, number | null> = {};
  for (const name in c.outputs) if (own(c.outputs, name)) outputMean[name] = meanOf(c.outputs[name]!);
  return { t: t.toISOString(), requests: c.requests, items: c.items, errorRate, latency, missingRate, outputMean };
}

/** An own key that is safe to assign (ingest refuses `__proto__` as a name; a row read back is not trusted to). */
const own = (o: object, key: string) => key !== "__proto__" && Object.hasOwn(o, key);

/** Scratch for p50p99: a histogram's buckets (at most 2 * 481 + 1) by value. */
const MIDS = new Float64Array(1_024);
const COUNTS = new Float64Array(1_024);

/**
 * quantilesOf(h, [0.5, 0.99]) without an object per bucket: the buckets go into the scratch
 * arrays in value order (insertion: a point's histogram holds a few dozen buckets).
 */
export function p50p99(h: Histogram): { p50: number | null; p99: number | null } {
  let n = 0;
  let total = 0;
  for (const key in h) {
    const count = h[key]!;
    if (key === SUM_KEY || !(count > 0) || !Object.hasOwn(h, key)) continue;
    const mid = bucketBounds(key).mid;
    let i = n++;
    for (; i > 0 && MIDS[i - 1]! > mid; i--) {
      MIDS[i] = MIDS[i - 1]!;
      COUNTS[i] = COUNTS[i - 1]!;
    }
    MIDS[i] = mid;
    COUNTS[i] = count;
    total += count;
  }
  if (n === 0) return { p50: null, p99: null };
  const rank50 = Math.max(1, Math.ceil(0.5 * total));
  const rank99 = Math.max(1, Math.ceil(0.99 * total));
  let p50: number | null = null;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    seen += COUNTS[i]!;
    if (p50 === null && seen >= rank50) p50 = MIDS[i]!;
    if (seen >= rank99) return { p50: p50 ?? MIDS[i]!, p99: MIDS[i]! };
  }
  return { p50: p50 ?? MIDS[n - 1]!, p99: MIDS[n - 1]! };
}

function distributionOf(h: Histogram) {
  const sorted = sortedBuckets(h);
  const [p50, p99] = quantilesOf(h, [0.5, 0.99], sorted);
  return { count: countOf(h), mean: meanOf(h), p50: p50 ?? null, p99: p99 ?? null, buckets: sorted.map(({ lo, hi, count }) => ({ lo, hi, count })) };
}
