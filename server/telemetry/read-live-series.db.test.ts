import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { telemetrySolutionRows } from "@/db/schema";
import { favpushApp } from "@/db/seed/favpush";
import { histogramOf } from "@/sdk/src/core/telemetry/histogram";
import type { SolutionSeries } from "@/sdk/src/core/telemetry/series";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { TelemetryReportInput } from "@/server/contracts/telemetry";
import { createTestDatabase } from "@/test/support/test-db";
import { buildLiveSeries, type LiveSeries } from "./build-live-series";
import { FIVE_MINUTE_SPAN } from "./five-minute-rows";
import { LiveSpanCache } from "./live-span-cache";
import { liveWindow, type LiveWindow } from "./live-window";
import { readLiveSeries } from "./read-live-series";
import { readSolutionRows } from "./read-solution-rows";
import { rollUpTelemetry } from "./roll-up-telemetry";
import { writeReportBatch } from "./write-report-batch";

let database: Database;
const NOW = Date.now();
// Three whole hours and a bit, ending 12.5 minutes ago (inside what ingest keeps per minute).
const BASE = Math.floor((NOW - 5 * 3_600_000) / 3_600_000) * 3_600_000;
const TO = BASE + 3 * 3_600_000 + 7.5 * 60_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

let apps = 0;
async function newApp(): Promise<string> {
  const name = `spans_${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: favpushApp({ name }) });
  return name;
}

const series = (app: string, m: number, solution: string): SolutionSeries => ({
  app,
  release: "7",
  solution,
  minute: new Date(BASE + m * 60_000).toISOString(),
  requests: 3 + (m % 7),
  items: 5 + (m % 3),
  errors: m % 4 === 0 ? { predict: 1 } : {},
  latency: { predict: histogramOf([m % 11, 2 + (m % 5), 40]), fg: histogramOf([0.5 * m]) },
  outputs: { y: histogramOf([(m % 13) / 13, 0.5]) },
  missing: { cf: m % 4 },
});

const report = (app: string, minutes: number[]): TelemetryReportInput => ({
  id: randomUUID(),
  instance: "i-1",
  host: "host-1",
  from: new Date(NOW - 60_000).toISOString(),
  to: new Date(NOW).toISOString(),
  releases: { [app]: "7" },
  solutions: minutes.flatMap((m) => [series(app, m, "v1"), ...(m % 3 ? [series(app, m, "v2")] : [])]),
  buckets: [],
  dropped: { reports: 0, records: 0 },
});

/** The window read as it was before any part was kept. */
const fresh = async (app: string, window: LiveWindow) => buildLiveSeries(await readSolutionRows(database.db, { app, window }), window);
// Equal but for the order floating-point sums were added in.
const rounded = (v: unknown) => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === "number" ? Number(x.toPrecision(12)) : x)));
const pointAt = (s: LiveSeries[], solution: string, index: number) => s.find((x) => x.solution === solution)!.series[index]!;

describe("readLiveSeries", () => {
  it("keeps a window's closed hours, reads the open tail fresh, and builds again what a late report, an update or the rollup changed", async () => {
    const app = await newApp();
    await writeReportBatch(database.db, [report(app, Array.from({ length: 195 }, (_, m) => m))], { now: new Date(NOW) });
    const window = liveWindow({ from: new Date(BASE + 2 * 60_000).toISOString(), to: new Date(TO).toISOString() }, new Date(NOW));
    expect(window).toMatchObject({ step: 60 });
    const coarse = liveWindow({ from: new Date(BASE + 2 * 60_000).toISOString(), to: new Date(TO).toISOString(), step: 300 }, new Date(NOW));
    const cache = new LiveSpanCache();

    for (const w of [window, coarse]) {
      const first = await readLiveSeries(database.db, { app, window: w, cache });
      expect(rounded(first)).toEqual(rounded(await fresh(app, w)));
      expect(first.map((s) => s.series.length)).toEqual([w.points, w.points]);
      // Again: the closed hours' points are the kept ones, the open hour's built anew.
      const second = await readLiveSeries(database.db, { app, window: w, cache });
      expect(rounded(second)).toEqual(rounded(first));
      expect(pointAt(second, "v1", 0)).toBe(pointAt(first, "v1", 0));
      expect(pointAt(second, "v1", w.points - 1)).not.toBe(pointAt(first, "v1", w.points - 1));
    }
    expect(cache.size).toBe(6); // 3 closed hours (the first from `from`) per step

    // A late report into the second hour: that hour is built again, the first is still kept.
    const before = await readLiveSeries(database.db, { app, window: coarse, cache });
    await writeReportBatch(database.db, [report(app, [70, 71])], { now: new Date(NOW) });
    const late = await readLiveSeries(database.db, { app, window: coarse, cache });
    expect(rounded(late)).toEqual(rounded(await fresh(app, coarse)));
    expect(late[0]!.requests).toBeGreaterThan(before[0]!.requests);
    expect(pointAt(late, "v1", 0)).toBe(pointAt(before, "v1", 0));
    expect(pointAt(late, "v1", 13)).not.toBe(pointAt(before, "v1", 13));

    // A row changed in place (not how ingest writes, but the version sees any change).
    const t = telemetrySolutionRows;
    await database.db
      .update(t)
      .set({ requests: sql`${t.requests} + 1000` })
      .where(and(eq(t.app, app), eq(t.span, FIVE_MINUTE_SPAN), eq(t.start, new Date(BASE + 10 * 60_000)), eq(t.solution, "v2")));
    const updated = await readLiveSeries(database.db, { app, window: coarse, cache });
    expect(rounded(updated)).toEqual(rounded(await fresh(app, coarse)));
    expect(pointAt(updated, "v2", 2).requests).toBe(pointAt(late, "v2", 2).requests + 1000); // 0:10, the window starting at 0:00

    // The rollup moves the hours into hourly rows (a later `now`): each hour's points from its hourly row.
    await rollUpTelemetry(database.db, { now: new Date(BASE + 51 * 3_600_000) }); // hours 0-2: the window's closed ones
    const rolled = await readLiveSeries(database.db, { app, window: coarse, cache });
    expect(rounded(rolled)).toEqual(rounded(await fresh(app, coarse)));
    expect(pointAt(rolled, "v1", 10).requests).toBe(0); // 1:00 is the hour's only point with requests now
    expect(rolled.find((s) => s.solution === "v1")!.requests).toBe(updated.find((s) => s.solution === "v1")!.requests);
  });

  it("gives a window without rows no solutions, and kept empty hours stay right when rows arrive", async () => {
    const app = await newApp();
    const cache = new LiveSpanCache();
    const window = liveWindow({ from: new Date(BASE).toISOString(), to: new Date(TO).toISOString() }, new Date(NOW));
    expect(await readLiveSeries(database.db, { app, window, cache })).toEqual([]);
    expect(await readLiveSeries(database.db, { app, window, cache })).toEqual([]);
    await writeReportBatch(database.db, [report(app, [5, 65])], { now: new Date(NOW) });
    const read = await readLiveSeries(database.db, { app, window, cache });
    expect(rounded(read)).toEqual(rounded(await fresh(app, window)));
    expect(read.map((s) => s.requests)).toEqual([8 + 5, 8 + 5]); // minutes 5 and 65: 3 + m % 7 each
  });
});
