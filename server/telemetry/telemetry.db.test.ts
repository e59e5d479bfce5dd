import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, ne } from "drizzle-orm";
import * as ingestRoute from "@/app/api/v1/telemetry/route";
import * as liveRoute from "@/app/api/v1/apps/[app]/live/route";
import type { Database } from "@/db/client";
import { releases, telemetryBucketRows, telemetryInstances, telemetryReports, telemetrySolutionRows } from "@/db/schema";
import { favpushApp } from "@/db/seed/favpush";
import { histogramOf } from "@/sdk/src/core/telemetry/histogram";
import { emptyCounts, minuteOf, type BucketSeries, type SolutionSeries } from "@/sdk/src/core/telemetry/series";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { LiveView, TelemetryReportInput } from "@/server/contracts/telemetry";
import { issueToken } from "@/server/tokens/issue-token";
import { createTelemetryAggregator, createTelemetryReporter } from "@/sdk/src/telemetry";
import { callRoute, type RouteHandler } from "@/test/support/call-route";
import { serveRoutes } from "@/test/support/serve-routes";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { ingestReport } from "./ingest-report";
import { IngestQueue, telemetryQueueOf } from "./queue-report";
import { buildLiveSeries } from "./build-live-series";
import { FIVE_MINUTE_SPAN } from "./five-minute-rows";
import { liveWindow } from "./live-window";
import { readSolutionRows } from "./read-solution-rows";
import { rollUpTelemetry } from "./roll-up-telemetry";
import { writeReportBatch } from "./write-report-batch";

let database: Database;
let token = "";
let otherToken = "";
let viewer: TestPerson;
const ORIGIN = "http://console.test";
const NOW = Date.now();
const MINUTE = minuteOf(NOW - 5 * 60_000);

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  token = (await issueToken(database.db, { actor: SYSTEM, input: { name: "scoring", scopes: ["telemetry:write"] } })).secret;
  otherToken = (await issueToken(database.db, { actor: SYSTEM, input: { name: "reader", scopes: ["config:read"] } })).secret;
  viewer = await createPerson(database.db, "viewer");
});
afterAll(async () => database?.close());

let apps = 0;
async function newApp(): Promise<string> {
  const name = `tele_${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: favpushApp({ name }) });
  return name;
}

function solutionSeries(app: string, over: Partial<SolutionSeries> = {}): SolutionSeries {
  return {
    app,
    release: "7",
    solution: "v1",
    minute: MINUTE,
    ...emptyCounts(),
    requests: 10,
    items: 10,
    errors: { predict: 1 },
    latency: { predict: histogramOf([4, 5, 6, 100]) },
    outputs: { y: histogramOf([0.25, 0.5]) },
    missing: { cf: 2 },
    ...over,
  };
}

function report(app: string, over: Partial<TelemetryReportInput> = {}): TelemetryReportInput {
  return {
    id: randomUUID(),
    instance: "i-1",
    host: "host-1",
    from: new Date(NOW - 60_000).toISOString(),
    to: new Date(NOW).toISOString(),
    releases: { [app]: "7" },
    solutions: [solutionSeries(app)],
    buckets: [{ app, release: "7", bucket: 1, minute: MINUTE, requests: 10 }],
    dropped: { reports: 0, records: 0 },
    ...over,
  };
}

/** Posts a report and waits until the console's queue has written what it holds. */
const post = async (body: unknown, opts: { token?: string; cookie?: string } = { token }) => {
  const answer = await callRoute(ingestRoute.POST as RouteHandler, "/api/v1/telemetry", { method: "POST", body, origin: ORIGIN, ...opts });
  await telemetryQueueOf(database.db).settled();
  return answer;
};

const live = async (app: string, query: Record<string, string> = {}) => {
  const res = await callRoute(liveRoute.GET as RouteHandler, `/api/v1/apps/${app}/live`, { cookie: viewer.cookie, params: { app }, query });
  return res as unknown as { status: number; json: LiveView & { error?: { code: string } } };
};

async function rowsOf(app: string) {
  const db = database.db;
  return {
    // The minute (and hourly) rows; the 5-minute rows written beside them apart.
    solutions: await db.select().from(telemetrySolutionRows).where(and(eq(telemetrySolutionRows.app, app), ne(telemetrySolutionRows.span, FIVE_MINUTE_SPAN))),
    fiveMinute: await db.select().from(telemetrySolutionRows).where(and(eq(telemetrySolutionRows.app, app), eq(telemetrySolutionRows.span, FIVE_MINUTE_SPAN))),
    buckets: await db.select().from(telemetryBucketRows).where(eq(telemetryBucketRows.app, app)),
    instances: await db.select().from(telemetryInstances).where(eq(telemetryInstances.app, app)),
    reports: (await db.select({ n: count() }).from(telemetryReports))[0]!.n,
  };
}

describe("POST /api/v1/telemetry", () => {
  it("merges reports of several instances into one row per key and minute", async () => {
    const app = await newApp();
    const first = await post(report(app));
    expect({ status: first.status, json: first.json }).toEqual({ status: 202, json: { queued: true, solutions: 1, buckets: 1, skipped: 0 } });
    const second = report(app, {
      instance: "i-2",
      host: "host-2",
      solutions: [solutionSeries(app, { requests: 5, items: 7, errors: { fg: 2 }, latency: { predict: histogramOf([5, 200]) }, outputs: { y: histogramOf([0.5]) }, missing: { cf: 1, user_vec: 1 } })],
      buckets: [
        { app, release: "7", bucket: 1, minute: MINUTE, requests: 5 },
        { app, release: "7", bucket: 4, minute: MINUTE, requests: 1 },
      ],
    });
    expect((await post(second)).status).toBe(202);
    const rows = await rowsOf(app);
    expect(rows.solutions).toHaveLength(1);
    const expected = histogramOf([4, 5, 6, 100, 5, 200]);
    const row = rows.solutions[0]!;
    expect(row).toMatchObject({ requests: 15, items: 17, errors: { predict: 1, fg: 2 }, missing: { cf: 3, user_vec: 1 }, reports: 2, span: 1 });
    expect(row.latency.predict).toEqual(expected);
    expect(row.outputs.y).toEqual(histogramOf([0.25, 0.5, 0.5]));
    expect(rows.buckets.map((b) => [b.bucket, b.requests]).sort()).toEqual([
      [1, 15],
      [4, 1],
    ]);
    expect(rows.instances.map((i) => [i.instance, i.host, i.release]).sort()).toEqual([
      ["i-1", "host-1", "7"],
      ["i-2", "host-2", "7"],
    ]);
  });

  it("counts a retried report once: sent again after it was written, and twice in one batch", async () => {
    const app = await newApp();
    const r = report(app);
    expect((await post(r)).status).toBe(202);
    expect((await post(r)).json).toEqual({ queued: true, solutions: 1, buckets: 1, skipped: 0 });
    expect((await rowsOf(app)).solutions[0]).toMatchObject({ requests: 10, reports: 1 });
    // Queued together: the same id twice in a batch, beside a new report and the retry of a written one.
    const again = report(app);
    const answers = await Promise.all([post({ ...r, id: randomUUID() }), post(again), post(again), post(r)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    const rows = await rowsOf(app);
    expect(rows.solutions[0]).toMatchObject({ requests: 30, reports: 3 });
    expect(rows.buckets[0]).toMatchObject({ requests: 30 });
  });

  it("counts a report once that two batches carry (the second written after the first committed)", async () => {
    const app = await newApp();
    const queue = new IngestQueue(database.db, 1_000_000);
    const r = report(app);
    queue.add(r);
    queue.add(report(app));
    await queue.settled();
    queue.add(r);
    queue.add({ ...r });
    await queue.settled();
    expect((await rowsOf(app)).solutions[0]).toMatchObject({ requests: 20, reports: 2 });
  });

  it("keeps an instance's release since it first reported it, and adds up what it dropped", async () => {
    const app = await newApp();
    await post(report(app, { dropped: { reports: 2, records: 5 } }));
    const [before] = (await rowsOf(app)).instances;
    await post(report(app, { releases: { [app]: "8" }, solutions: [solutionSeries(app, { release: "8" })], buckets: [], dropped: { reports: 1, records: 0 } }));
    const [after] = (await rowsOf(app)).instances;
    expect(after).toMatchObject({ release: "8", droppedReports: 3, droppedRecords: 5 });
    expect(after!.firstSeen).toEqual(before!.firstSeen);
    expect(after!.releaseSince.getTime()).toBeGreaterThanOrEqual(before!.releaseSince.getTime());
  });

  it("refuses malformed, over-cap and unauthorised reports and changes nothing", async () => {
    const app = await newApp();
    const before = await rowsOf(app);
    const bad = [
      { ...report(app), id: "not-a-uuid" },
      { ...report(app), solutions: [{ ...solutionSeries(app), minute: "2026-12-03T10:00:30.000Z" }] },
      { ...report(app), solutions: [{ ...solutionSeries(app), latency: { predict: { q7: 1 } } }] },
      { ...report(app), solutions: [{ ...solutionSeries(app), errors: { predict: -1 } }] },
      { ...report(app), buckets: [{ app, release: "7", bucket: 10_000, minute: MINUTE, requests: 1 }] },
      { ...report(app), solutions: [{ ...solutionSeries(app), app: "" }] },
    ];
    for (const body of bad) expect((await post(body)).status, JSON.stringify(body).slice(0, 200)).toBe(400);
    const manyNames = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, 1]));
    const overCap = await post(report(app, { solutions: [solutionSeries(app, { missing: manyNames })] }));
    expect(overCap.status).toBe(422);
    expect(overCap.json.error?.details).toMatchObject({ cap: "telemetryNamesPerMap", limit: 200 });
    const tooManyBuckets = report(app, { buckets: Array.from({ length: 20_001 }, (_, i) => ({ app, release: "7", bucket: i % 10_000, minute: i < 10_000 ? MINUTE : minuteOf(NOW), requests: 1 }) as BucketSeries) });
    expect((await post(tooManyBuckets)).status).toBe(422);
    const oversized = await callRoute(ingestRoute.POST as RouteHandler, "/api/v1/telemetry", { method: "POST", token, rawBody: `{"pad":"${"x".repeat(4 * 1024 * 1024)}"}`, headers: { "content-type": "application/json" } });
    expect(oversized.status).toBe(413);
    expect((await post(report(app), { token: undefined })).status).toBe(401);
    expect((await post(report(app), { token: otherToken })).status).toBe(403);
    expect((await post(report(app), { cookie: viewer.cookie })).status).toBe(403);
    expect(await rowsOf(app)).toEqual(before);
  });

  it("writes concurrent reports together: each counted once", async () => {
    const app = await newApp();
    const reports = Array.from({ length: 30 }, (_, i) => report(app, { instance: `i-${i % 4}`, buckets: [{ app, release: "7", bucket: i % 3, minute: MINUTE, requests: 10 }] }));
    const sent = [...reports, ...reports.slice(0, 10)];
    const answers = await Promise.all(sent.map((r) => post(r)));
    expect(answers.map((a) => a.status)).toEqual(sent.map(() => 202));
    const rows = await rowsOf(app);
    expect(rows.solutions).toEqual([expect.objectContaining({ requests: 300, items: 300, errors: { predict: 30 }, missing: { cf: 60 }, reports: 30 })]);
    expect(rows.solutions[0]!.latency.predict).toEqual(histogramOf(Array.from({ length: 30 }, () => [4, 5, 6, 100]).flat()));
    expect(rows.buckets.map((b) => [b.bucket, b.requests]).sort()).toEqual([
      [0, 100],
      [1, 100],
      [2, 100],
    ]);
    expect(rows.instances).toHaveLength(4);
  });

  it("splits a long queue into several batches and writes every report", async () => {
    const app = await newApp();
    const queue = new IngestQueue(database.db, 1_000_000);
    const reports = Array.from({ length: 2_500 }, (_, i) => report(app, { instance: `i-${i % 7}` }));
    for (const r of [...reports, ...reports.slice(0, 5)]) queue.add(r);
    await queue.settled();
    expect(queue.queued()).toBe(0);
    expect((await rowsOf(app)).solutions[0]).toMatchObject({ requests: 25_000, reports: 2_500 });
  });

  it("refuses a report with 503 and Retry-After while the queue is full, and takes it once there is room", async () => {
    const app = await newApp();
    const queue = new IngestQueue(database.db, 3);
    expect(queue.add(report(app))).toMatchObject({ queued: true });
    expect(() => queue.add(report(app))).toThrow(expect.objectContaining({ status: 503, details: expect.objectContaining({ retryAfterSeconds: 1 }) }));
    await queue.settled();
    expect(queue.queued()).toBe(0);
    expect(queue.add(report(app))).toMatchObject({ queued: true });
    await queue.settled();
    expect((await rowsOf(app)).solutions[0]).toMatchObject({ requests: 20, reports: 2 });
  });

  it("writes what is queued when closed, and refuses reports after (503)", async () => {
    const app = await newApp();
    const queue = new IngestQueue(database.db, 1_000_000);
    for (let i = 0; i < 20; i++) queue.add(report(app));
    await queue.close();
    expect(() => queue.add(report(app))).toThrow(expect.objectContaining({ status: 503 }));
    expect((await rowsOf(app)).solutions[0]).toMatchObject({ requests: 200, reports: 20 });
  });

  it("keeps a batch while the database does not answer and writes it once it does", async () => {
    const app = await newApp();
    let down = true;
    const batches: number[] = [];
    const write: typeof writeReportBatch = async (db, reports) => {
      batches.push(reports.length);
      if (down) throw new Error("connection refused");
      return writeReportBatch(db, reports);
    };
    // The queue asks the database whether it answers: not this once, and from then on it does.
    const probed = new Proxy(database.db, {
      get(target, key, receiver) {
        if (key === "execute" && down) {
          down = false;
          return () => Promise.reject(new Error("connection refused"));
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const queue = new IngestQueue(probed, 1_000_000, { write });
    for (let i = 0; i < 5; i++) queue.add(report(app));
    await queue.settled();
    expect(batches).toEqual([5, 5]);
    expect(queue.queued()).toBe(0);
    expect((await rowsOf(app)).solutions[0]).toMatchObject({ requests: 50, reports: 5 });
  });

  it("drops only the report the database refuses while it answers, and writes the others", async () => {
    const app = await newApp();
    const poison = report(app);
    const write: typeof writeReportBatch = async (db, reports) => {
      if (reports.some((r) => r.id === poison.id)) throw new Error("value out of range");
      return writeReportBatch(db, reports);
    };
    const queue = new IngestQueue(database.db, 1_000_000, { write });
    queue.add(report(app));
    queue.add(poison);
    for (let i = 0; i < 3; i++) queue.add(report(app));
    await queue.settled();
    expect(queue.queued()).toBe(0);
    expect((await rowsOf(app)).solutions[0]).toMatchObject({ requests: 40, reports: 4 });
  });

  it("skips series outside the minutes it keeps", async () => {
    const app = await newApp();
    const old = minuteOf(NOW - 49 * 3_600_000);
    const r = report(app, { solutions: [solutionSeries(app), solutionSeries(app, { minute: old })], buckets: [] });
    expect((await post(r)).json).toEqual({ queued: true, solutions: 1, buckets: 0, skipped: 1 });
    expect((await rowsOf(app)).solutions).toHaveLength(1);
  });
});

describe("the SDK's reporter against the console", () => {
  it("sends what the aggregator holds over HTTP; the console stores it and counts a resend once", async () => {
    const app = await newApp();
    const served = await serveRoutes([{ method: "POST", pattern: "/api/v1/telemetry", handler: ingestRoute.POST as RouteHandler }]);
    try {
      const aggregator = createTelemetryAggregator();
      const errors: Error[] = [];
      // Every report is posted twice, as a client does when an answer is lost: the console counts it once.
      const twice = (async (url: string, init: RequestInit) => {
        await (await fetch(url, init)).arrayBuffer();
        return fetch(url, init);
      }) as unknown as typeof fetch;
      const reporter = createTelemetryReporter({ url: served.url, token, aggregator, instance: "svc-1", host: "node-a", fetch: twice, onError: (e) => errors.push(e) });
      for (let i = 0; i < 12; i++) {
        aggregator.record({
          app,
          release: 7,
          solution: i % 3 === 0 ? "v1" : "v2",
          bucket: i % 10,
          forced: i === 11,
          items: 1,
          errorStage: i === 5 ? "fg" : null,
          stageMs: { features: 1 + i, predict: 3 },
          outputs: { y: [i / 12] },
          missingFeatures: i % 4 === 0 ? ["cf"] : [],
        });
      }
      await reporter.stop();
      expect(errors).toEqual([]);
      expect(reporter.stats()).toMatchObject({ sent: 1, queued: 0 });
      await telemetryQueueOf(database.db).settled();
      const rows = await rowsOf(app);
      const bySolution = Object.fromEntries(rows.solutions.map((r) => [r.solution, r]));
      expect(bySolution.v1).toMatchObject({ requests: 4, items: 4, missing: { cf: 1 } });
      expect(bySolution.v2).toMatchObject({ requests: 8, errors: { fg: 1 }, missing: { cf: 2 } });
      expect(rows.buckets.reduce((n, b) => n + b.requests, 0)).toBe(11);
      expect(rows.instances).toEqual([expect.objectContaining({ instance: "svc-1", host: "node-a", release: "7" })]);
    } finally {
      await served.close();
    }
  });
});

describe("rollup", () => {
  it("moves minute rows older than 48 h into one hourly row each, and deletes what is past retention", async () => {
    const app = await newApp();
    const hour = Math.floor((NOW - 50 * 3_600_000) / 3_600_000) * 3_600_000;
    const then = new Date(hour + 60 * 60_000);
    for (const [i, m] of [0, 1, 59].entries()) {
      const minute = new Date(hour + m * 60_000).toISOString();
      await ingestReport(database.db, {
        now: then,
        report: report(app, { instance: `i-${i}`, solutions: [solutionSeries(app, { minute })], buckets: [{ app, release: "7", bucket: 2, minute, requests: 10 }] }),
      });
    }
    const ancient = new Date(NOW - 31 * 86_400_000);
    await ingestReport(database.db, { now: ancient, report: report(app, { solutions: [solutionSeries(app, { minute: minuteOf(ancient.getTime()) })] }) });
    await rollUpTelemetry(database.db, { now: new Date(NOW) });
    const rows = await rowsOf(app);
    expect(rows.solutions).toHaveLength(1);
    expect(rows.solutions[0]).toMatchObject({ span: 60, requests: 30, reports: 3, errors: { predict: 3 }, missing: { cf: 6 } });
    expect(rows.solutions[0]!.start.getTime()).toBe(hour);
    expect(rows.solutions[0]!.latency.predict).toEqual(histogramOf([4, 5, 6, 100, 4, 5, 6, 100, 4, 5, 6, 100]));
    expect(rows.buckets).toEqual([expect.objectContaining({ bucket: 2, span: 60, requests: 30 })]);
    expect(rows.fiveMinute).toEqual([]);
    // A second run (another console) moves nothing twice.
    await rollUpTelemetry(database.db, { now: new Date(NOW) });
    expect((await rowsOf(app)).solutions[0]).toMatchObject({ requests: 30 });
  });
});

describe("5-minute rows", () => {
  it("are written beside the minute rows, and a Live window read from them equals the one read from the minutes", async () => {
    const app = await newApp();
    const base = Math.floor((NOW - 3 * 3_600_000) / 300_000) * 300_000;
    const series = (m: number, solution: string) =>
      solutionSeries(app, {
        solution,
        minute: new Date(base + m * 60_000).toISOString(),
        requests: 3 + (m % 7),
        items: 5 + (m % 3),
        errors: m % 4 === 0 ? { predict: 1 } : { fg: m % 3 },
        latency: { predict: histogramOf([m % 11, 2 + (m % 5), 40]), fg: histogramOf([0.5 * m]) },
        outputs: { y: histogramOf([(m % 13) / 13, 0.5, -0.25 * (m % 2)]) },
        missing: m % 5 === 0 ? {} : { cf: m % 4 },
      });
    // Two batches over 95 minutes (the second adds into rows the first wrote), two solutions.
    for (const minutes of [Array.from({ length: 95 }, (_, m) => m), [3, 4, 5, 61, 94]]) {
      const reports = minutes.map((m) => report(app, { solutions: [series(m, "v1"), ...(m % 2 ? [series(m, "v2")] : [])], buckets: [] }));
      await writeReportBatch(database.db, reports, { now: new Date(NOW) });
    }
    const rows = await rowsOf(app);
    expect(rows.fiveMinute).toHaveLength(2 * 19);
    const sum = (list: typeof rows.solutions) => list.reduce((s, r) => s + r.requests, 0);
    expect(sum(rows.fiveMinute)).toBe(sum(rows.solutions));

    // A window whose end falls inside 5 minutes: the last of its points is read from minute rows.
    const window = liveWindow({ from: new Date(base + 7 * 60_000).toISOString(), to: new Date(base + 92 * 60_000 + 30_000).toISOString(), step: 300 }, new Date(NOW));
    const coarse = await readSolutionRows(database.db, { app, window });
    const fine = await readSolutionRows(database.db, { app, window, grain: "minute" });
    expect(coarse.length).toBeLessThan(fine.length / 3);
    // Equal but for the order the histograms' sums were added in (floating point).
    const rounded = (v: unknown) => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === "number" ? Number(x.toPrecision(12)) : x)));
    expect(rounded(buildLiveSeries(coarse, window))).toEqual(rounded(buildLiveSeries(fine, window)));
    expect(buildLiveSeries(coarse, window)[0]!.requests).toBeGreaterThan(0);
  });
});

describe("GET /api/v1/apps/{app}/live", () => {
  const document = (app: string) => ({
    app_name: app,
    solutions: [
      { v1: { features: {}, model: { name: "m", version: "1" }, fg: { class: "F", version: "v1" }, buckets: [0, 1, 2] } },
      { v2: { features: {}, model: { name: "m", version: "2" }, fg: { class: "F", version: "v1" }, buckets: [3, 4, 5, 6, 7, 8, 9] } },
    ],
    app: { bucket_count: 10, hash_key: "uid", salt: app },
  });

  async function liveApp(perBucket: (bucket: number) => number): Promise<string> {
    const app = await newApp();
    await database.db.insert(releases).values({
      app,
      seq: 1,
      author: "test",
      comment: "test",
      document: document(app),
      versions: {},
      contentHash: "x",
      diff: { changes: [] },
      revision: 7,
      deliveryState: "delivered",
      deliveredAt: new Date(),
    });
    const buckets = Array.from({ length: 10 }, (_, b) => ({ app, release: "7", bucket: b, minute: MINUTE, requests: perBucket(b) }));
    await post(report(app, { solutions: [solutionSeries(app), solutionSeries(app, { solution: "v2", requests: 20, items: 20, errors: {} })], buckets }));
    return app;
  }

  it("gives each solution's series, observed against configured share, and passes a split near 30/70", async () => {
    const app = await liveApp((b) => 100 + (b % 3));
    const res = await live(app, { from: new Date(NOW - 3_600_000).toISOString(), to: new Date(NOW).toISOString(), step: "60" });
    expect(res.status).toBe(200);
    const v = res.json;
    expect(v.release).toMatchObject({ revision: 7, label: "7" });
    expect(v.step).toBe(60);
    const v1 = v.solutions.find((s) => s.solution === "v1")!;
    expect([60, 61]).toContain(v1.series.length); // from moves back to a whole minute
    expect(v1.configuredShare).toBeCloseTo(0.3, 9);
    expect(Math.abs(v1.observedShare! - 0.3)).toBeLessThan(0.01);
    const point = v1.series.find((p) => p.t === MINUTE)!;
    expect(point).toMatchObject({ requests: 10, errorRate: { predict: 0.1 }, missingRate: { cf: 0.2 } });
    expect(point.latency.predict!.p50).toBeCloseTo(5, 0);
    expect(point.latency.predict!.p99).toBeGreaterThan(90);
    expect(point.outputMean.y).toBeCloseTo(0.375, 9);
    expect(v1.outputs.y).toMatchObject({ count: 2, mean: 0.375 });
    expect(v.split?.solutions.status).toBe("ok");
    expect(v.split?.buckets.status).toBe("ok");
    expect(v.instances).toEqual([expect.objectContaining({ instance: "i-1", host: "host-1", release: "7" })]);
  });

  it("flags a skewed split and names the deviating buckets", async () => {
    const app = await liveApp((b) => (b === 4 || b === 5 ? 0 : 100));
    const v = (await live(app)).json;
    expect(v.split?.buckets).toMatchObject({ status: "mismatch" });
    if (v.split?.buckets.status !== "mismatch") return;
    expect(v.split.buckets.pValue).toBeLessThan(0.001);
    expect(v.split.buckets.deviating.map((d) => d.key).sort()).toEqual([4, 5]);
    expect(v.split.solutions.status).toBe("mismatch");
  });

  it("says too little traffic with expected counts under 5", async () => {
    const app = await liveApp(() => 2);
    const v = (await live(app)).json;
    expect(v.split?.buckets.status).toBe("too_little_traffic");
    expect(v.split?.solutions.status).toBe("ok");
  });

  it("answers 400 for a window backwards or of too many points, 404 for an unknown app", async () => {
    const app = await newApp();
    expect((await live(app, { from: new Date(NOW).toISOString(), to: new Date(NOW - 1000).toISOString() })).status).toBe(400);
    expect((await live(app, { from: new Date(NOW - 30 * 86_400_000).toISOString(), to: new Date(NOW).toISOString(), step: "60" })).status).toBe(400);
    expect((await live(app, { step: "90" })).status).toBe(400);
    expect((await live("no_such_app")).status).toBe(404);
    const empty = (await live(app)).json;
    expect(empty).toMatchObject({ solutions: [], split: null, instances: [], release: null });
  });
});
