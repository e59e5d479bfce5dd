import type { LiveView } from "@/server/contracts/telemetry";

type Solution = LiveView["solutions"][number];
type Point = Solution["series"][number];

/** One row per step for a time chart: `t` in ms, then one value per series key (null: no data). */
export type TimeRow = { t: number } & Record<string, number | null>;

/** Solutions get the same colour on every chart, in the order the API lists them. */
const PALETTE = ["#4f46e5", "#d97706", "#059669", "#dc2626", "#0891b2", "#9333ea", "#65a30d", "#db2777"];
export const colorOf = (index: number): string => PALETTE[index % PALETTE.length] ?? "#4f46e5";

/**
 * Rows for a chart with one line per solution (and, with `parts`, per solution x part: a stage, a
 * quantile). `pick` reads a point's value; a step without requests has no value (a gap, not 0).
 */
export function timeRows(solutions: Solution[], pick: (point: Point, part: string) => number | null | undefined, parts: string[] = [""]): TimeRow[] {
  const length = Math.max(0, ...solutions.map((s) => s.series.length));
  const rows: TimeRow[] = [];
  for (let i = 0; i < length; i++) {
    const t = solutions.find((s) => s.series[i])?.series[i]?.t;
    if (!t) continue;
    const row: TimeRow = { t: Date.parse(t) };
    for (const s of solutions) {
      const point = s.series[i];
      for (const part of parts) {
        const value = point && point.requests > 0 ? pick(point, part) : null;
        row[seriesKey(s.solution, part)] = value ?? null;
      }
    }
    rows.push(row);
  }
  return rows;
}

export const seriesKey = (solution: string, part: string) => (part ? `${solution} · ${part}` : solution);

/** Every name that appears under a point's map (stages, features, outputs), sorted. */
export function namesIn(solutions: Solution[], map: (point: Point) => Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const s of solutions) for (const p of s.series) for (const n of Object.keys(map(p))) names.add(n);
  return [...names].sort();
}

export type HistogramRow = { label: string; lo: number; hi: number } & Record<string, number>;

/**
 * The solutions' histograms of one output on shared buckets (they are the same fixed log
 * buckets everywhere), each as the share of its own values, so solutions with more traffic do
 * not look taller.
 */
export function histogramRows(solutions: Solution[], output: string): HistogramRow[] {
  const byLo = new Map<number, HistogramRow>();
  for (const s of solutions) {
    const dist = s.outputs[output];
    if (!dist || dist.count === 0) continue;
    for (const b of dist.buckets) {
      const row = byLo.get(b.lo) ?? ({ label: formatNumber(b.lo), lo: b.lo, hi: b.hi } as HistogramRow);
      row[s.solution] = (row[s.solution] ?? 0) + b.count / dist.count;
      byLo.set(b.lo, row);
    }
  }
  const rows = [...byLo.values()].sort((a, b) => a.lo - b.lo);
  for (const row of rows) for (const s of solutions) row[s.solution] ??= 0;
  return rows;
}

export function formatNumber(n: number): string {
  if (n === 0) return "0";
  const abs = Math.abs(n);
  if (abs >= 1e6 || abs < 1e-3) return n.toExponential(1);
  if (abs >= 100) return n.toFixed(0);
  return String(Number(n.toPrecision(3)));
}

export const formatPercent = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? "–" : `${(n * 100).toFixed(digits)}%`);

/** Axis ticks: the time of day within a day, the date as well beyond. */
export function timeTickFormatter(spanMs: number): (t: number) => string {
  const options: Intl.DateTimeFormatOptions = spanMs > 86_400_000 ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit" };
  return (t) => new Date(t).toLocaleString(undefined, options);
}

export const formatWhen = (t: number | string) => new Date(t).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Compact, for table cells: the day and the time to the second. */
export const formatMoment = (t: number | string) => new Date(t).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function formatStep(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  return `${seconds / 60} min`;
}
