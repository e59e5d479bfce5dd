import { countOf, meanOf, mergeCounts, mergeNested, quantilesOf, sortedBuckets, type Histogram } from "@/sdk/src/core/telemetry/histogram";
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
  const per = (n: number) => (c.requests > 0 ? n / c.requests : 0);
  return {
    t: t.toISOString(),
    requests: c.requests,
    items: c.items,
    errorRate: Object.fromEntries(Object.entries(c.errors).map(([stage, n]) => [stage, per(n)])),
    latency: Object.fromEntries(Object.entries(c.latency).map(([stage, h]) => [stage, p50p99(h)])),
    missingRate: Object.fromEntries(Object.entries(c.missing).map(([feature, n]) => [feature, per(n)])),
    outputMean: Object.fromEntries(Object.entries(c.outputs).map(([name, h]) => [name, meanOf(h)])),
  };
}

function p50p99(h: Histogram) {
  const [p50, p99] = quantilesOf(h, [0.5, 0.99]);
  return { p50: p50 ?? null, p99: p99 ?? null };
}

function distributionOf(h: Histogram) {
  const sorted = sortedBuckets(h);
  const [p50, p99] = quantilesOf(h, [0.5, 0.99], sorted);
  return { count: countOf(h), mean: meanOf(h), p50: p50 ?? null, p99: p99 ?? null, buckets: sorted.map(({ lo, hi, count }) => ({ lo, hi, count })) };
}
