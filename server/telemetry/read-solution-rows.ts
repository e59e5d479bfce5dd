import { and, eq, gte, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { telemetrySolutionRows } from "@/db/schema";
import type { SolutionRow } from "./build-live-series";
import { FIVE_MINUTE_SPAN, FIVE_MINUTES_MS } from "./five-minute-rows";
import type { LiveWindow } from "./live-window";

export type VersionedRow = SolutionRow & { version: number };

/**
 * An app's solution rows in a Live window, at the coarsest grain its step allows: with a step of
 * a whole number of 5 minutes (by default a window over 6 h), the 5-minute rows up to the last whole
 * 5 minutes before `to` and the minute rows after it; otherwise the minute rows. Hourly rows
 * (rolled up) either way. The points are the same either way: a step holds whole 5 minutes, since
 * the window starts on a whole step. `grain: "minute"` forces the minute rows (a test compares).
 * `ranges` narrows the read to those [from, to) parts of the window; each row then comes with
 * its version (`xmin`: the transaction that wrote it), what read-live-series.ts checks a kept part by.
 */
export async function readSolutionRows(db: Db, opts: { app: string; window: LiveWindow; grain?: "minute" }): Promise<SolutionRow[]>;
export async function readSolutionRows(db: Db, opts: { app: string; window: LiveWindow; grain?: "minute"; ranges: readonly (readonly [Date, Date])[] }): Promise<VersionedRow[]>;
export async function readSolutionRows(db: Db, opts: { app: string; window: LiveWindow; grain?: "minute"; ranges?: readonly (readonly [Date, Date])[] }): Promise<SolutionRow[]> {
  const t = telemetrySolutionRows;
  const columns = { solution: t.solution, start: t.start, requests: t.requests, items: t.items, errors: t.errors, latency: t.latency, outputs: t.outputs, missing: t.missing };
  if (!opts.ranges) return db.select(columns).from(t).where(solutionRowsOf(opts.app, opts.window, opts.grain));
  if (opts.ranges.length === 0) return [];
  const inRanges = or(...opts.ranges.map(([from, to]) => and(gte(t.start, from), lt(t.start, to))));
  return db
    .select({ ...columns, version: sql<number>`xmin::text::bigint`.mapWith(Number) })
    .from(t)
    .where(and(solutionRowsOf(opts.app, opts.window, opts.grain), inRanges));
}

/** The condition readSolutionRows reads by: the app's rows in the window at its grain. */
export function solutionRowsOf(app: string, window: LiveWindow, grain?: "minute"): SQL {
  const t = telemetrySolutionRows;
  return and(eq(t.app, app), gte(t.start, window.from), lt(t.start, window.to), grainOf(window, grain))!;
}

/** Whether a window reads 5-minute rows, and from when it reads minute rows instead. */
export function grainEdgeOf(window: LiveWindow, grain?: "minute"): { coarse: boolean; edge: Date } {
  const coarse = grain !== "minute" && (window.step * 1000) % FIVE_MINUTES_MS === 0;
  return { coarse, edge: coarse ? new Date(Math.floor(window.to.getTime() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS) : window.to };
}

function grainOf(window: LiveWindow, grain?: "minute"): SQL {
  const t = telemetrySolutionRows;
  const { coarse, edge } = grainEdgeOf(window, grain);
  return coarse
    ? or(eq(t.span, 60), and(eq(t.span, FIVE_MINUTE_SPAN), lt(t.start, edge)), and(eq(t.span, 1), gte(t.start, edge)))!
    : ne(t.span, FIVE_MINUTE_SPAN);
}
