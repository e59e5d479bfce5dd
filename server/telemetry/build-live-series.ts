import { countOf, meanOf, mergeCounts, mergeNested, quantilesOf, sortedBuckets, type Histogram } from "@/sdk/src/core/telemetry/histogram";
import { emptyCounts, mergeSolutionCounts, type SolutionCounts } from "@/sdk/src/core/telemetry/series";
import type { LiveView } from "@/server/contracts/telemetry";
import type { LiveWindow } from "./live-window";

export type SolutionRow = SolutionCounts & { solution: string; start: Date };
type LiveSolution = LiveView["solutions"][number];
type LivePoint = LiveSolution["series"][number];

/** A step without rows (shared, never written to). */
const EMPTY: SolutionCounts = Object.freeze(emptyCounts());

/**
 * Per solution: one point per step of the window (every step, empty ones included, so charts
 * show gaps), and the window's totals and merged output histograms. Rows are placed by their
 * start: an hourly row lands in the step its hour starts in.
 */
export function buildLiveSeries(rows: readonly SolutionRow[], window: LiveWindow): Omit<LiveSolution, "observedShare" | "configuredShare">[] {
  const stepMs = window.step * 1000;
  // A step's counts are its one row as read (the usual case on a row per step), copied into a sum only when a second row lands.
  const bySolution = new Map<string, { steps: SolutionCounts[]; owned: Uint8Array }>();
  for (const row of rows) {
    const index = Math.floor((row.start.getTime() - window.from.getTime()) / stepMs);
    if (index < 0 || index >= window.points) continue;
    let of = bySolution.get(row.solution);
    if (!of) bySolution.set(row.solution, (of = { steps: Array.from({ length: window.points }, () => EMPTY), owned: new Uint8Array(window.points) }));
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
  return [...bySolution.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([solution, { steps }]) => [solution, steps, totalOf(steps)] as const)
    .map(([solution, steps, total]) => ({
      solution,
      requests: total.requests,
      items: total.items,
      errors: total.errors,
      series: steps.map((counts, i) => pointOf(counts, new Date(window.from.getTime() + i * stepMs))),
      outputs: Object.fromEntries(Object.entries(total.outputs).map(([name, h]) => [name, distributionOf(h)])),
    }));
}

/** The window's totals, from the steps (a few hundred merges, not one per row); latency and missing totals are not shown. */
function totalOf(steps: readonly SolutionCounts[]): SolutionCounts {
  const total = emptyCounts();
  for (const step of steps) {
    if (step.requests === 0 && step.items === 0) continue;
    total.requests += step.requests;
    total.items += step.items;
    mergeCounts(total.errors, step.errors);
    mergeNested(total.outputs, step.outputs);
  }
  return total;
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
