import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { telemetrySolutionRows } from "@/db/schema";
import { buildSpan, joinSpans, type LiveSeries, type PointSpan, type SolutionSpan } from "./build-live-series";
import { LiveSpanCache } from "./live-span-cache";
import type { LiveWindow } from "./live-window";
import { grainEdgeOf, readSolutionRows, solutionRowsOf, type VersionedRow } from "./read-solution-rows";

const HOUR_MS = 3_600_000;
const caches = new WeakMap<Db, LiveSpanCache>();

/** The version of a part without rows. */
const NO_ROWS = "0:0:0";

interface Part extends PointSpan {
  to: Date;
  /** Where the database's version query groups the part's rows (a whole multiple of the part's length). */
  group: number;
  /** Its rows can still change only by a late report or the rollup, never by time passing: it is kept. */
  closed: boolean;
  key: string;
}

/**
 * Each solution's series over a Live window (buildLiveSeries over readSolutionRows), with the
 * window's closed past kept between calls: the window is cut into parts of an hour (or of one
 * step, for steps of an hour or more), and a closed part is built once and kept until its rows
 * change. One query gives every part's rows' version (count, sum and max of `xmin`, which any
 * insert, update or delete of a row moves: a new xmin is above every earlier one, and past a
 * transaction id wraparound count and sum still have to match as well); only parts
 * without a kept build of that version are read, in one more query. The open tail (the part with
 * `to`, and with 5-minute rows the minutes after the last whole 5 minutes) is read every time.
 */
export async function readLiveSeries(db: Db, opts: { app: string; window: LiveWindow; cache?: LiveSpanCache }): Promise<LiveSeries[]> {
  const { window } = opts;
  const cache = opts.cache ?? cacheOf(db);
  const parts = partsOf(opts.app, window);
  // The versions only matter with something kept: a first read skips asking.
  const versions = parts.some((p) => p.closed && cache.has(p.key)) ? await readVersions(db, opts.app, window, parts[0]!.group) : new Map<number, string>();
  const built: (Map<string, SolutionSpan> | ReadonlyMap<string, SolutionSpan> | undefined)[] = parts.map((p) =>
    p.closed ? cache.get(p.key, versions.get(groupStart(p)) ?? NO_ROWS)?.solutions : undefined,
  );
  const toRead = parts.filter((_, i) => !built[i]);
  if (toRead.length) {
    const rows = await readSolutionRows(db, { app: opts.app, window, ranges: rangesOf(toRead) });
    const byPart = new Map<Part, VersionedRow[]>(toRead.map((p) => [p, []]));
    for (const row of rows) {
      const part = partAt(parts, row.start.getTime());
      byPart.get(part!)?.push(row);
    }
    for (const [part, partRows] of byPart) {
      const solutions = buildSpan(partRows, part);
      built[parts.indexOf(part)] = solutions;
      if (part.closed) cache.set(part.key, { version: versionOf(partRows), points: part.points * Math.max(1, solutions.size), solutions });
    }
  }
  return joinSpans(
    parts.map((p, i) => ({ span: p, solutions: built[i]! })),
    window,
  );
}

/** Drops the spans kept for a database (the bench measures a first read with it). */
export function forgetLiveSpans(db: Db): void {
  caches.delete(db);
}

/** Per group of rows (its start, ms), the version of its rows: `count:sum:max` of their xmin. */
async function readVersions(db: Db, app: string, window: LiveWindow, groupMs: number): Promise<Map<number, string>> {
  const t = telemetrySolutionRows;
  const rows = await db
    .select({
      group: sql<number>`floor(extract(epoch from ${t.start}) * 1000 / ${groupMs})::bigint`.mapWith(Number),
      version: sql<string>`count(*)::text || ':' || sum(xmin::text::bigint)::text || ':' || max(xmin::text::bigint)::text`,
    })
    .from(t)
    .where(solutionRowsOf(app, window))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [r.group * groupMs, r.version]));
}

function cacheOf(db: Db): LiveSpanCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new LiveSpanCache()));
  return cache;
}

/** The window's parts in order: an hour of points each (the first from `from`), or one point each for steps of an hour or more. */
export function partsOf(app: string, window: LiveWindow): Part[] {
  const stepMs = window.step * 1000;
  const groupMs = stepMs >= HOUR_MS || HOUR_MS % stepMs !== 0 ? stepMs : HOUR_MS;
  const { edge } = grainEdgeOf(window);
  const from = window.from.getTime();
  const pointsEnd = from + window.points * stepMs;
  const parts: Part[] = [];
  for (let start = from; start < pointsEnd; ) {
    const end = Math.min(pointsEnd, (Math.floor(start / groupMs) + 1) * groupMs);
    const to = new Date(Math.min(end, window.to.getTime()));
    const closed = end <= edge.getTime();
    parts.push({ from: new Date(start), to, step: window.step, points: (end - start) / stepMs, group: groupMs, closed, key: `${app}\n${window.step}\n${start}\n${end}` });
    start = end;
  }
  return parts;
}

const groupStart = (p: Part) => Math.floor(p.from.getTime() / p.group) * p.group;

function partAt(parts: readonly Part[], ms: number): Part | undefined {
  // Parts are in order and all but the first whole groups: the index is arithmetic.
  const first = parts[0]!;
  const index = Math.floor(ms / first.group) - Math.floor(first.from.getTime() / first.group);
  return parts[index];
}

/** The parts' time ranges, neighbours joined. */
function rangesOf(parts: readonly Part[]): [Date, Date][] {
  const ranges: [Date, Date][] = [];
  for (const p of parts) {
    const last = ranges.at(-1);
    if (last && last[1].getTime() === p.from.getTime()) last[1] = p.to;
    else ranges.push([p.from, p.to]);
  }
  return ranges;
}

/** As the version query computes it for the same rows. */
export function versionOf(rows: readonly { version: number }[]): string {
  let sum = 0;
  let max = 0;
  for (const r of rows) {
    sum += r.version;
    if (r.version > max) max = r.version;
  }
  return rows.length === 0 ? NO_ROWS : `${rows.length}:${sum}:${max}`;
}
