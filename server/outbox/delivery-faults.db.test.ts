import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { Etcd3 } from "etcd3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import type { Database } from "@/db/client";
import { auditLog, configCenterReleases, outbox, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createEtcdConfigCenter } from "@/server/config-center/etcd/create-etcd-config-center";
import { etcdLayout } from "@/server/config-center/etcd/etcd-layout";
import { approvedRelease } from "@/test/support/approved-release";
import { issueToken } from "@/server/tokens/issue-token";
import { startEtcd, waitUntil, type TestEtcd } from "@/test/support/etcd";
import { buildSdk, startSdkProcess } from "@/test/support/sdk-process";
import { serveRoutes } from "@/test/support/serve-routes";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { createDispatcher, type Dispatcher } from "./create-dispatcher";

/**
 * Faults of delivery: the center away during a publish, a dispatcher that dies between "the
 * center took it" and "marked delivered", and a scoring service that starts while the center
 * is down. Each time: every release reaches the center exactly once, in order.
 */
let database: Database;
let etcd: TestEtcd;
const stops: (() => Promise<void> | void)[] = [];
/** Dispatchers stop after their test: one left running would deliver the next test's records to its own center. */
const afterTest: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of afterTest.splice(0).reverse()) await stop();
});

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  etcd = await startEtcd();
}, 60_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
  await etcd?.dispose();
  await database?.close();
});

async function newApp(name: string) {
  await createApp(database.db, { actor: SYSTEM, input: { name, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
}

const documentOf = (app: string, n: number) => ({
  app_name: app,
  solutions: [{ v1: { features: {}, model: { name: "lr", version: `lr_v${n}` }, fg: { class: "LRFg", version: "v1" }, buckets: [0, 1] } }],
});

/** An approved release: it and its outbox record exist at once. */
async function publish(app: string, n: number): Promise<string> {
  return (await approvedRelease(database.db, { app, comment: `release ${n}`, change: { document: documentOf(app, n), versions: { vec: `v${n}` } } })).id;
}

async function outboxOf(app: string) {
  return database.db.select().from(outbox).where(eq(outbox.app, app)).orderBy(asc(outbox.seq));
}

function startDispatcher(center: ConfigCenter, extra: Partial<Parameters<typeof createDispatcher>[0]> = {}): Dispatcher {
  // Not about delivery's re-check of the references (held-releases.db.test.ts is): no model server here.
  const dispatcher = createDispatcher({ db: database.db, center, pollMs: 50, retry: { minMs: 50, maxMs: 400 }, leaseMs: 1_000, onError: () => undefined, recheckReferences: false, ...extra });
  dispatcher.start();
  return dispatcher;
}

describe("etcd stopped during a publish", () => {
  it("retries while etcd is down, then delivers every release exactly once and in order", async () => {
    const app = "fault-etcd-down";
    await newApp(app);
    const prefix = `/faults-${randomUUID()}`;
    const center = createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix, callTimeoutMs: 1_000, onError: () => undefined });
    stops.push(() => center.close());
    const dispatcher = startDispatcher(center);
    afterTest.push(() => dispatcher.stop());

    await etcd.stop();
    const ids = [await publish(app, 1), await publish(app, 2), await publish(app, 3)];
    await waitUntil(async () => ((await outboxOf(app))[0]?.attempts ?? 0) >= 2, { what: "the dispatcher to have tried and failed twice" });
    const whileDown = await outboxOf(app);
    expect(whileDown.map((o) => o.state)).toEqual(["pending", "pending", "pending"]);
    expect(whileDown[0]?.lastError).toMatch(/unavailable/i);
    // Nothing after the first was even tried: order is kept while the center is away.
    expect(whileDown.slice(1).map((o) => o.attempts)).toEqual([0, 0]);

    await etcd.restart();
    await waitUntil(async () => (await outboxOf(app)).every((o) => o.state === "delivered"), { what: "all three to be delivered", timeoutMs: 30_000 });

    const raw = new Etcd3({ hosts: etcd.endpoint });
    try {
      const layout = etcdLayout(prefix, app);
      const releaseKey = await raw.get(layout.release).exec();
      // `version` counts writes of the key since it was created: three releases, three writes.
      expect(Number(releaseKey.kvs[0]?.version)).toBe(3);
      const markers = await Promise.all(ids.map(async (id) => (await raw.get(layout.marker(id)).exec()).kvs[0]!));
      expect(markers.map((m) => Number(m.version))).toEqual([1, 1, 1]);
      const revisions = markers.map((m) => Number(m.create_revision));
      expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
      const rows = await database.db.select({ id: releases.id, revision: releases.revision }).from(releases).where(eq(releases.app, app)).orderBy(asc(releases.seq));
      expect(rows.map((r) => r.revision)).toEqual(revisions);
      expect((await center.read(app))?.releaseId).toBe(ids[2]);
    } finally {
      raw.close();
    }
  });
});

/**
 * The dispatcher "dies" right after the center took the release: its publish never returns, as
 * if the process was killed before it could mark the record. A new dispatcher (the restart)
 * takes the record over when the lease runs out and redelivers; the center recognises the
 * release id and nothing is published twice.
 */
describe.each(["builtin", "etcd"] as const)("dispatcher killed mid-delivery (%s)", (kind) => {
  it("is redelivered after the lease, once, in order", async () => {
    const app = `fault-kill-${kind}`;
    await newApp(app);
    const prefix = `/kill-${randomUUID()}`;
    const center = kind === "builtin" ? createBuiltinConfigCenter({ db: database.db }) : createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix, onError: () => undefined });
    stops.push(() => center.close());
    let tookIt = 0;
    const dying: ConfigCenter = {
      ...center,
      kind: center.kind,
      async publish(input) {
        await center.publish(input);
        tookIt += 1;
        return new Promise(() => undefined);
      },
    };
    const ids = [await publish(app, 1), await publish(app, 2)];
    const doomed = startDispatcher(dying, { leaseMs: 400 });
    await waitUntil(() => tookIt === 1, { what: "the center to take the first release" });
    // Its loop is stuck in a publish that never returns, like a killed process: it is never awaited.
    void doomed.stop();
    const [first] = await outboxOf(app);
    expect(first).toMatchObject({ state: "pending", leaseOwner: doomed.owner });

    const restarted = startDispatcher(center, { leaseMs: 400 });
    afterTest.push(() => restarted.stop());
    await waitUntil(async () => (await outboxOf(app)).every((o) => o.state === "delivered"), { what: "both releases to be delivered", timeoutMs: 20_000 });

    const delivered = await database.db.select().from(auditLog).where(and(eq(auditLog.kind, "release"), eq(auditLog.action, "deliver"), eq(auditLog.app, app))).orderBy(asc(auditLog.at));
    expect(delivered.map((row) => (row.after as { releaseId: string; alreadyPublished: boolean }).releaseId)).toEqual(ids);
    expect(delivered.map((row) => (row.after as { alreadyPublished: boolean }).alreadyPublished)).toEqual([true, false]);
    const rows = await database.db.select({ revision: releases.revision }).from(releases).where(eq(releases.app, app)).orderBy(asc(releases.seq));
    expect(rows[0]!.revision!).toBeLessThan(rows[1]!.revision!);
    if (kind === "builtin") {
      const taken = await database.db.select().from(configCenterReleases).where(eq(configCenterReleases.app, app)).orderBy(asc(configCenterReleases.revision));
      expect(taken.map((t) => t.releaseId)).toEqual(ids);
    } else {
      const raw = new Etcd3({ hosts: etcd.endpoint });
      try {
        expect(Number((await raw.get(etcdLayout(prefix, app).release).exec()).kvs[0]?.version)).toBe(2);
      } finally {
        raw.close();
      }
    }
    expect((await center.read(app))?.releaseId).toBe(ids[1]);
  });
});

/** The SDK writes its cache file in the background: a service killed before that has none. */
async function cacheHolds(file: string, releaseId: string) {
  await waitUntil(() => existsSync(file) && readFileSync(file, "utf8").includes(releaseId), { what: `the SDK's cache file to hold ${releaseId}` });
}

describe("an SDK started while the center is down", () => {
  let sdkDir: string;
  let cacheDir: string;
  beforeAll(() => {
    sdkDir = buildSdk();
    cacheDir = mkdtempSync(path.join(os.tmpdir(), "sdk-fault-cache-"));
  }, 60_000);
  afterAll(() => {
    rmSync(sdkDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("built-in center: serves its cache file, then catches up when the console is back", async () => {
    const app = "fault-sdk-http";
    await newApp(app);
    const center = createBuiltinConfigCenter({ db: database.db });
    stops.push(() => center.close());
    (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: "builtin" });
    const dispatcher = startDispatcher(center);
    afterTest.push(() => dispatcher.stop());
    const token = (await issueToken(database.db, { actor: SYSTEM, input: { name: "sdk-fault", scopes: ["config:read"] } })).secret;
    const routes = [{ method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET }];
    const served = await serveRoutes(routes);
    afterTest.push(() => served.close());
    const options = { url: served.url, token, app, cacheFile: path.join(cacheDir, "http.json"), waitSeconds: 2 };

    const first = await publish(app, 1);
    await waitUntil(async () => (await outboxOf(app))[0]?.state === "delivered", { what: "the first release to be delivered" });
    const warm = startSdkProcess(sdkDir, options);
    await warm.ready;
    await warm.waitFor((s) => s.releaseId === first, "the first release");
    await cacheHolds(options.cacheFile, first);
    await warm.stop();

    served.refuseConnections(true);
    const cold = startSdkProcess(sdkDir, options);
    afterTest.push(() => cold.stop());
    await cold.ready;
    expect(cold.seen[0]).toMatchObject({ releaseId: first, versions: { vec: "v1" } });
    await waitUntil(() => cold.errors.length > 0, { what: "the SDK to report the center unreachable" });

    const second = await publish(app, 2);
    served.refuseConnections(false);
    await cold.waitFor((s) => s.releaseId === second, "the release published while it was away");
  });

  it("etcd: serves its cache file, then catches up when etcd is back", async () => {
    const app = "fault-sdk-etcd";
    await newApp(app);
    const prefix = `/sdk-${randomUUID()}`;
    const center = createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix, callTimeoutMs: 1_000, onError: () => undefined });
    stops.push(() => center.close());
    const dispatcher = startDispatcher(center);
    afterTest.push(() => dispatcher.stop());
    const options = { etcd: { endpoints: [etcd.endpoint], prefix }, app, cacheFile: path.join(cacheDir, "etcd.json") };

    const first = await publish(app, 1);
    await waitUntil(async () => (await outboxOf(app))[0]?.state === "delivered", { what: "the first release to be delivered" });
    const warm = startSdkProcess(sdkDir, options);
    await warm.ready;
    await warm.waitFor((s) => s.releaseId === first, "the first release");
    await cacheHolds(options.cacheFile, first);
    await warm.stop();

    await etcd.stop();
    const cold = startSdkProcess(sdkDir, options);
    afterTest.push(() => cold.stop());
    await cold.ready;
    expect(cold.seen[0]).toMatchObject({ releaseId: first, versions: { vec: "v1" } });

    const second = await publish(app, 2);
    await etcd.restart();
    await cold.waitFor((s) => s.releaseId === second, "the release published while etcd was away");
  });
});
