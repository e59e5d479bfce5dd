import { and, eq, gte, lt, ne, or } from "drizzle-orm";
import type { Db } from "@/db";
import { telemetrySolutionRows } from "@/db/schema";
import type { SolutionRow } from "./build-live-series";
import { FIVE_MINUTE_SPAN, FIVE_MINUTES_MS } from "./five-minute-rows";
import type { LiveWindow } from "./live-window";

/**
 * An app's solution rows in a Live window, at the coarsest grain its step allows: with a step of
 * a whole number of 5 minutes (by default a window over 6 h), the 5-minute rows up to the last whole
 * 5 minutes before `to` and the minute rows after it; otherwise the minute rows. Hourly rows
 * (rolled up) either way. The points are the same either way: a step holds whole 5 minutes, since
 * the window starts on a whole step. `grain: "minute"` forces the minute rows (a test compares).
 */
export async function readSolutionRows(db: Db, opts: { app: string; window: LiveWindow; grain?: "minute" }): Promise<SolutionRow[]> {
  const { window } = opts;
  const t = telemetrySolutionRows;
  const coarse = opts.grain !== "minute" && (window.step * 1000) % FIVE_MINUTES_MS === 0;
  const edge = new Date(Math.floor(window.to.getTime() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS);
  const grain = coarse
    ? or(eq(t.span, 60), and(eq(t.span, FIVE_MINUTE_SPAN), lt(t.start, edge)), and(eq(t.span, 1), gte(t.start, edge)))
    : ne(t.span, FIVE_MINUTE_SPAN);
  return db
    .select({ solution: t.solution, start: t.start, requests: t.requests, items: t.items, errors: t.errors, latency: t.latency, outputs: t.outputs, missing: t.missing })
    .from(t)
    .where(and(eq(t.app, opts.app), gte(t.start, window.from), lt(t.start, window.to), grain));
}
