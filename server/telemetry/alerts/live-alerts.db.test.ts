import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as alertsRoute from "@/app/api/v1/apps/[app]/live/alerts/route";
import * as settingsRoute from "@/app/api/v1/apps/[app]/live/alert-settings/route";
import type { Database } from "@/db/client";
import { releases } from "@/db/schema";
import { favpushApp } from "@/db/seed/favpush";
import { emptyCounts, minuteOf, type SolutionSeries } from "@/sdk/src/core/telemetry/series";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { TelemetryReportInput } from "@/server/contracts/telemetry";
import type { TelemetryAlert, TelemetryAlertSettingsView } from "@/server/contracts/telemetry-alerts";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import { saveDag } from "@/server/dag/documents/save-dag";
import { buildDag } from "@/server/dag/graph/test-dag";
import { callRoute, type RouteHandler } from "@/test/support/call-route";
import { startHookReceiver } from "@/test/support/hook-receiver";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { ingestReport } from "../ingest-report";
import { checkLiveAlerts } from "./check-live-alerts";

/**
 * The Live alert check against a real database and a real HTTP receiver as the app's DAG alert
 * webhook. Each case has an app of its own; the check runs at a fixed `now`, a few minutes after
 * the reports' minute.
 */
let database: Database;
let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
let editor: TestPerson;
let viewer: TestPerson;
const NOW = new Date();
const MINUTE = minuteOf(NOW.getTime() - 3 * 60_000);

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  receiver = await startHookReceiver({ reply: () => 200 });
  const { secret } = await addHookEndpoint(database.db, { actor: SYSTEM, input: { url: receiver.url("/alerts"), description: "alert receiver" } });
  receiver.setSecret(secret);
  editor = await createPerson(database.db, "editor");
  viewer = await createPerson(database.db, "viewer");
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

let apps = 0;
/** An app whose DAG sends alerts to the receiver, with release 7 delivered `deliveredMinutesAgo` (30/70 split over 10 buckets). */
async function newApp(opts: { deliveredMinutesAgo?: number } = {}): Promise<string> {
  const app = `livealert_${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: favpushApp({ name: app }) });
  const saved = await saveDag(database.db, { actor: editor.actor, app, input: { version: 0, document: buildDag({ d: "data" }, []), alertWebhookUrl: receiver.url("/alerts") } });
  expect(saved).toMatchObject({ version: 1 });
  await addRelease(app, 7, opts.deliveredMinutesAgo ?? 120);
  return app;
}

async function addRelease(app: string, revision: number, minutesAgo: number) {
  await database.db.insert(releases).values({
    app,
    seq: revision,
    author: "test",
    comment: "test",
    document: {
      app_name: app,
      solutions: [
        { v1: { features: {}, model: { name: "m", version: "1" }, fg: { class: "F", version: "v1" }, buckets: [0, 1, 2] } },
        { v2: { features: {}, model: { name: "m", version: "2" }, fg: { class: "F", version: "v1" }, buckets: [3, 4, 5, 6, 7, 8, 9] } },
      ],
      app: { bucket_count: 10, hash_key: "uid", salt: app },
    },
    versions: {},
    contentHash: "x",
    diff: { changes: [] },
    revision,
    deliveryState: "delivered",
    deliveredAt: new Date(NOW.getTime() - minutesAgo * 60_000),
  });
}

function series(app: string, over: Partial<SolutionSeries> = {}): SolutionSeries {
  return { app, release: "7", solution: "v1", minute: MINUTE, ...emptyCounts(), requests: 300, items: 300, ...over };
}

/** A report of `perBucket` requests in each of the 10 buckets (a 30/70 split when even). */
async function send(app: string, opts: { instance?: string; release?: string; solutions?: SolutionSeries[]; perBucket?: (b: number) => number } = {}) {
  const release = opts.release ?? "7";
  const report: TelemetryReportInput = {
    id: randomUUID(),
    instance: opts.instance ?? "i-1",
    host: "host-1",
    from: new Date(NOW.getTime() - 60_000).toISOString(),
    to: NOW.toISOString(),
    releases: { [app]: release },
    solutions: opts.solutions ?? [series(app, { release }), series(app, { release, solution: "v2", requests: 700, items: 700 })],
    buckets: Array.from({ length: 10 }, (_, bucket) => ({ app, release, bucket, minute: MINUTE, requests: opts.perBucket?.(bucket) ?? 100 })),
    dropped: { reports: 0, records: 0 },
  };
  expect(await ingestReport(database.db, { report, now: NOW })).toMatchObject({ accepted: true });
}

let tick = 0;
/** Each run a second after the last: episodes opened by different runs are ordered. */
const check = () => checkLiveAlerts(database.db, { now: new Date(NOW.getTime() + ++tick * 1000), timeoutMs: 5_000 });

async function alertsOf(app: string, state: "open" | "all" = "all"): Promise<TelemetryAlert[]> {
  const res = await callRoute(alertsRoute.GET as RouteHandler, `/api/v1/apps/${app}/live/alerts`, { cookie: viewer.cookie, params: { app }, query: { state } });
  expect(res.status).toBe(200);
  return (res.json as { alerts: TelemetryAlert[] }).alerts;
}

const sentTo = (app: string) =>
  receiver.received.filter((h) => {
    const p = h.payload as unknown as { type?: string; app?: string };
    return p.type === "live_alert" && p.app === app;
  });

/** Fire once (a second run sends nothing), clear, fire again: the shape every kind must follow. */
async function expectEpisodes(app: string, kind: TelemetryAlert["kind"], steps: { clear: () => Promise<void>; again: () => Promise<void> }) {
  await check();
  await check();
  let alerts = await alertsOf(app);
  expect(alerts.map((a) => [a.kind, a.clearedAt, a.deliveryState])).toEqual([[kind, null, "delivered"]]);
  expect(sentTo(app)).toHaveLength(1);
  const [first] = sentTo(app);
  expect(first!.signatureValid).toBe(true);
  expect(first!.payload).toMatchObject({ type: "live_alert", app, kind, id: alerts[0]!.id });

  await steps.clear();
  await check();
  alerts = await alertsOf(app);
  expect(alerts.map((a) => [a.kind, a.clearedAt !== null])).toEqual([[kind, true]]);
  expect(await alertsOf(app, "open")).toEqual([]);
  await check();
  expect(sentTo(app)).toHaveLength(1);

  await steps.again();
  await check();
  await check();
  alerts = await alertsOf(app);
  expect(alerts.map((a) => [a.kind, a.clearedAt !== null])).toEqual([
    [kind, false],
    [kind, true],
  ]);
  expect(sentTo(app).map((h) => (h.payload as unknown as { id: string }).id)).toEqual([alerts[1]!.id, alerts[0]!.id]);
  return alerts;
}

describe("Live alerts", () => {
  it("error rate: fires once over the threshold, clears below it, fires again", async () => {
    const app = await newApp();
    await send(app, { solutions: [series(app, { errors: { predict: 30 } }), series(app, { solution: "v2", requests: 700, items: 700 })] });
    const alerts = await expectEpisodes(app, "error_rate", {
      // 30 failed of 3,300 requests: 0.9%, under the default 5%.
      clear: () => send(app, { solutions: [series(app, { requests: 3_000, items: 3_000 })] }),
      again: () => send(app, { solutions: [series(app, { requests: 1_000, errors: { fg: 400 } })] }),
    });
    expect(alerts[0]).toMatchObject({ subject: "v1", details: { threshold: 0.05 } });
    expect(alerts[0]!.message).toContain("v1");
  });

  it("missing-feature rate: the worst feature over the threshold, once per episode", async () => {
    const app = await newApp();
    await send(app, { solutions: [series(app, { missing: { cf: 90, user_vec: 3 } })] });
    const alerts = await expectEpisodes(app, "missing_rate", {
      clear: () => send(app, { solutions: [series(app, { requests: 3_000, items: 3_000 })] }),
      again: () => send(app, { solutions: [series(app, { requests: 1_000, missing: { user_vec: 900 } })] }),
    });
    expect(alerts[0]!.details).toMatchObject({ feature: "user_vec" });
    expect(alerts[1]!.details).toMatchObject({ feature: "cf" });
  });

  it("split: fires on a sample-ratio mismatch of the live release, clears when traffic evens out", async () => {
    const app = await newApp();
    // Buckets 0-2 (v1, 30% configured) get 3x their share.
    const skewed = (b: number) => (b < 3 ? 300 : 100);
    await send(app, { perBucket: skewed });
    await expectEpisodes(app, "split_mismatch", {
      clear: () => send(app, { perBucket: (b) => (b < 3 ? 10_000 : 10_200) }),
      again: () => send(app, { perBucket: (b) => (b < 3 ? 300_000 : 1) }),
    });
  });

  it("stale instance: fires once an instance is still on an older release N minutes after a newer one was delivered", async () => {
    const app = await newApp({ deliveredMinutesAgo: 45 });
    await send(app, { instance: "old", release: "6" });
    const alerts = await expectEpisodes(app, "stale_instance", {
      clear: () => send(app, { instance: "old", release: "7" }),
      again: () => addRelease(app, 8, 40),
    });
    expect(alerts.map((a) => a.subject)).toEqual(["old", "old"]);
  });

  it("waits the app's stale minutes: none before, and thresholds read and set through the API", async () => {
    const app = await newApp({ deliveredMinutesAgo: 45 });
    const put = (body: unknown, cookie = editor.cookie) =>
      callRoute(settingsRoute.PUT as RouteHandler, `/api/v1/apps/${app}/live/alert-settings`, { method: "PUT", cookie, params: { app }, body, origin: "http://console.test" });
    const get = await callRoute(settingsRoute.GET as RouteHandler, `/api/v1/apps/${app}/live/alert-settings`, { cookie: viewer.cookie, params: { app } });
    expect(get.json).toMatchObject({ errorRate: 0.05, missingRate: 0.2, staleMinutes: 30, defaults: true });
    expect((await put({ staleMinutes: 60 })).json as TelemetryAlertSettingsView).toMatchObject({ staleMinutes: 60, errorRate: 0.05, defaults: false });
    await send(app, { instance: "old", release: "6" });
    await check();
    expect(await alertsOf(app)).toEqual([]);
    expect((await put({ staleMinutes: 40 })).status).toBe(200);
    await check();
    expect((await alertsOf(app)).map((a) => [a.kind, a.subject])).toEqual([["stale_instance", "old"]]);

    for (const bad of [{}, { errorRate: 0 }, { errorRate: 2 }, { staleMinutes: 1.5 }, { windowMinutes: "15" }, { other: 1 }]) {
      expect((await put(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await put({ errorRate: 0.1 }, viewer.cookie)).status).toBe(403);
    expect((await callRoute(settingsRoute.GET as RouteHandler, "/api/v1/apps/nope/live/alert-settings", { cookie: viewer.cookie, params: { app: "nope" } })).status).toBe(404);
    expect(((await callRoute(settingsRoute.GET as RouteHandler, `/api/v1/apps/${app}/live/alert-settings`, { cookie: viewer.cookie, params: { app } })).json as TelemetryAlertSettingsView).staleMinutes).toBe(40);
  });

  it("retries a delivery the webhook refused after its backoff, and records an alert of an app without a webhook", async () => {
    const app = await newApp();
    await send(app, { solutions: [series(app, { errors: { predict: 60 } })] });
    receiver.setReply(() => 500);
    try {
      await check();
      const [refused] = await alertsOf(app);
      expect(refused).toMatchObject({ kind: "error_rate", deliveryState: "pending", deliveryAttempts: 1 });
      expect(refused!.deliveryError).toContain("answered 500");
      await check(); // a second later: before the backoff's minute
      expect(sentTo(app)).toHaveLength(1);
    } finally {
      receiver.setReply(() => 200);
    }
    await checkLiveAlerts(database.db, { now: new Date(NOW.getTime() + ++tick * 1000 + 60_000), timeoutMs: 5_000 });
    expect(await alertsOf(app)).toEqual([expect.objectContaining({ deliveryState: "delivered", deliveryAttempts: 2, deliveryError: null })]);
    expect(sentTo(app)).toHaveLength(2);

    const quiet = `livealert_${++apps}`;
    await createApp(database.db, { actor: SYSTEM, input: favpushApp({ name: quiet }) });
    await send(quiet, { solutions: [series(quiet, { errors: { predict: 60 } })] });
    await check();
    expect(await alertsOf(quiet)).toEqual([expect.objectContaining({ kind: "error_rate", deliveryState: "none", deliveryAttempts: 0 })]);
    expect(sentTo(quiet)).toEqual([]);
  });
});
