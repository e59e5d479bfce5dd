import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { Etcd3 } from "etcd3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as statusRoute from "@/app/api/v1/admin/config-center/route";
import * as deliveryRoute from "@/app/api/v1/admin/config-center/deliveries/[releaseId]/route";
import * as releasesRoute from "@/app/api/v1/apps/[app]/releases/route";
import type { Database } from "@/db/client";
import { auditLog, outbox, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createEtcdConfigCenter, type EtcdConfigCenterOptions } from "@/server/config-center/etcd/create-etcd-config-center";
import { etcdLayout } from "@/server/config-center/etcd/etcd-layout";
import type { ConfigCenterStatus } from "@/server/contracts/config-center";
import type { AppReleases } from "@/server/contracts/releases";
import { approvedRelease } from "@/test/support/approved-release";
import { updateReleaseSettings } from "@/server/releases/update-release-settings";
import { callRoute } from "@/test/support/call-route";
import { startEtcd, type TestEtcd } from "@/test/support/etcd";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { createDispatcher, type Dispatcher } from "./create-dispatcher";

/**
 * A release the center refuses can never be delivered as it is: it is shown failed with the
 * center's reason, the app's later releases wait behind it (never delivered out of order), and
 * the Admin page's backlog counts it. An admin then retries it (after fixing the center) or
 * skips it; since every release holds the app's WHOLE content, built on the one before, skipping
 * a release does not drop its change from the releases that came after it.
 */
let database: Database;
let etcd: TestEtcd;
let admin: TestPerson;
let editor: TestPerson;
const stops: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  admin = await createPerson(database.db, "admin");
  editor = await createPerson(database.db, "editor");
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

const documentOf = (app: string, features: Record<string, string> = {}) => ({
  app_name: app,
  solutions: [{ v1: { features, model: { name: "lr", version: "lr_v1" }, fg: { class: "LRFg", version: "v1" }, buckets: [0, 1] } }],
});

/** An approved release: it and its outbox record exist at once. */
async function publish(app: string, change: { document?: unknown; versions?: Record<string, string> }, comment: string): Promise<string> {
  return (await approvedRelease(database.db, { app, comment, change })).id;
}

/**
 * The etcd center the console uses; the admin routes see it too. Its dispatcher is not started:
 * the test steps it (`deliverDue`), so "held, never tried" is what a step found, not a guess
 * that a polling loop had enough time.
 */
function useCenter(options: Partial<EtcdConfigCenterOptions> & { prefix: string }): { center: ConfigCenter; deliverDue: () => Promise<number> } {
  const center = createEtcdConfigCenter({ endpoints: [etcd.endpoint], onError: () => undefined, ...options });
  stops.push(() => center.close());
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: `etcd under ${options.prefix}` });
  // Not about delivery's re-check of the references (held-releases.db.test.ts is): no model server here.
  const dispatcher = createDispatcher({ db: database.db, center, retry: { minMs: 50, maxMs: 400 }, leaseMs: 2_000 , recheckReferences: false });
  return { center, deliverDue: () => deliverDue(dispatcher) };
}

/** Steps the dispatcher until nothing is due; returns how many records it claimed. */
async function deliverDue(dispatcher: Dispatcher): Promise<number> {
  for (let steps = 0; steps < 20; steps++) if (!(await dispatcher.runOnce())) return steps;
  throw new Error("the dispatcher still found records due after 20 steps");
}

async function outboxOf(app: string) {
  return database.db.select().from(outbox).where(eq(outbox.app, app)).orderBy(asc(outbox.seq));
}

async function releasesOf(app: string): Promise<AppReleases> {
  const res = await callRoute(releasesRoute.GET, `/api/v1/apps/${app}/releases`, { cookie: editor.cookie, params: { app } });
  expect(res.status).toBe(200);
  return res.json as unknown as AppReleases;
}

async function adminStatus(): Promise<ConfigCenterStatus> {
  const res = await callRoute(statusRoute.GET, "/api/v1/admin/config-center", { cookie: admin.cookie });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as unknown as ConfigCenterStatus;
}

async function resolve(releaseId: string, action: "retry" | "skip") {
  return callRoute(deliveryRoute.POST, `/api/v1/admin/config-center/deliveries/${releaseId}`, {
    cookie: admin.cookie,
    method: "POST",
    params: { releaseId },
    body: { action },
  });
}

async function auditOf(app: string, seq: number) {
  const rows = await database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.kind, "release"), eq(auditLog.target, `${app}#${seq}`)))
    .orderBy(asc(auditLog.id));
  return rows.map((row) => row.action);
}

describe("a release etcd's transaction limit refuses", () => {
  it("fails with the reason, holds the app's later releases, counts in the backlog; Retry after the fix delivers both in order", async () => {
    const app = "refused-ops";
    await newApp(app);
    const prefix = `/refused-${randomUUID()}`;
    // The console's limit of operations per etcd transaction, as low as an etcd started with --max-txn-ops=5.
    const { center, deliverDue } = useCenter({ prefix, maxTxnOps: 5 });

    const first = await publish(app, { document: documentOf(app), versions: { a: "1" } }, "one version");
    expect(await deliverDue()).toBe(1);
    expect((await outboxOf(app))[0]?.state).toBe("delivered");
    // 3 operations + 4 version keys: more than one transaction may hold.
    const second = await publish(app, { versions: { b: "1", c: "1", d: "1" } }, "three more versions");
    expect(await deliverDue()).toBe(1);
    expect((await outboxOf(app))[1]?.state).toBe("failed");
    const third = await publish(app, { versions: { a: "2" } }, "a newer a");
    expect(await deliverDue()).toBe(0);

    // Shown failed with the center's reason; the next one is held, never even tried.
    const listed = await releasesOf(app);
    const bySeq = new Map(listed.releases.map((r) => [r.seq, r]));
    expect(bySeq.get(2)?.delivery).toMatchObject({ state: "failed", attempts: 1, skipped: false, reason: expect.stringMatching(/needs 7 operations in one etcd transaction; etcd allows 5/) });
    expect(bySeq.get(3)?.delivery).toMatchObject({ state: "pending", attempts: 0 });
    expect(listed.blockedBy).toEqual({ id: second, seq: 2, reason: bySeq.get(2)!.delivery.reason });
    expect((await center.read(app))?.releaseId).toBe(first);

    // The Admin page's backlog: one held, one failed, which release blocks which app and why.
    const status = await adminStatus();
    expect(status).toMatchObject({ kind: "etcd", health: { ok: true }, outbox: { pending: 1, failed: 1 }, dispatcher: { running: false } });
    expect(status.outbox.oldestPendingAt).not.toBeNull();
    expect(status.blocked).toEqual([{ app, releaseId: second, seq: 2, reason: bySeq.get(2)!.delivery.reason }]);

    // Retry before the center was fixed: refused again, still failed, still holding.
    expect((await resolve(second, "retry")).json).toEqual({ releaseId: second, state: "pending" });
    expect(await deliverDue()).toBe(1);
    expect((await outboxOf(app)).map((o) => [o.state, o.attempts])).toEqual([["delivered", 1], ["failed", 2], ["pending", 0]]);

    // The fix: etcd's --max-txn-ops and the console's setting raised (a console restarted with them).
    const fixed = useCenter({ prefix, maxTxnOps: 128 });
    expect((await resolve(second, "retry")).json).toEqual({ releaseId: second, state: "pending" });
    expect(await fixed.deliverDue()).toBe(2);
    expect((await outboxOf(app)).map((o) => o.state)).toEqual(["delivered", "delivered", "delivered"]);

    const rows = await database.db.select({ id: releases.id, revision: releases.revision, state: releases.deliveryState, reason: releases.deliveryError }).from(releases).where(eq(releases.app, app)).orderBy(asc(releases.seq));
    expect(rows.map((r) => [r.id, r.state, r.reason])).toEqual([
      [first, "delivered", null],
      [second, "delivered", null],
      [third, "delivered", null],
    ]);
    expect(rows[1]!.revision!).toBeLessThan(rows[2]!.revision!);
    expect(await auditOf(app, 2)).toEqual(["create", "delivery_failed", "delivery_retry", "delivery_failed", "delivery_retry", "deliver"]);
    expect(await adminStatus()).toMatchObject({ outbox: { pending: 0, failed: 0, oldestPendingAt: null }, blocked: [] });
    expect((await releasesOf(app)).blockedBy).toBeNull();
    // A delivered release cannot be retried or skipped.
    expect((await resolve(second, "skip")).status).toBe(409);
  });
});

describe("a release larger than etcd accepts", () => {
  it("fails with etcd's reason; Skip lets the later releases go, each with the whole content it was built on", async () => {
    const app = "refused-size";
    await newApp(app);
    const prefix = `/refused-${randomUUID()}`;
    // A console that believes etcd takes requests up to 1.9 MB; etcd itself stops at 1.5 MiB.
    const { center, deliverDue } = useCenter({ prefix, maxRequestBytes: 1_900_000 });
    await updateReleaseSettings(database.db, { actor: admin.actor, app, input: { requiresApproval: false, requiredApprovals: 1, version: 0 } });

    const first = await publish(app, { document: documentOf(app), versions: { vec: "1" } }, "small");
    expect(await deliverDue()).toBe(1);
    expect((await outboxOf(app))[0]?.state).toBe("delivered");
    // About 1.65 MB of feature templates: a valid document, too big for one etcd request.
    const huge = Object.fromEntries(Array.from({ length: 1650 }, (_, i) => [`f${i}`, `getKV t {uid}|${"x".repeat(980)}`]));
    const second = await publish(app, { document: documentOf(app, huge) }, "every feature at once");
    expect(await deliverDue()).toBe(1);
    expect((await outboxOf(app))[1]?.state, "etcd refuses the second release").toBe("failed");
    // Built on #2, so it holds #2's document too.
    const third = await publish(app, { versions: { vec: "2" } }, "new vectors");
    // The way out: a release with #1's content again (a rollback as an approval makes it; one
    // made without review would be held for verification, which this world without model
    // servers cannot pass: held-releases.db.test.ts covers that).
    const fourth = await publish(app, { document: documentOf(app), versions: { vec: "1" } }, "back to the small document");
    expect(await deliverDue()).toBe(0);

    let listed = await releasesOf(app);
    const reason = listed.releases.find((r) => r.seq === 2)!.delivery.reason;
    expect(reason).toMatch(/etcd refused the request \(publish\): .*request is too large/);
    expect(listed.releases.map((r) => [r.seq, r.delivery.state, r.delivery.attempts])).toEqual([
      [4, "pending", 0],
      [3, "pending", 0],
      [2, "failed", 1],
      [1, "delivered", 1],
    ]);
    expect(listed.blockedBy).toMatchObject({ id: second, seq: 2 });
    expect(await adminStatus()).toMatchObject({ outbox: { pending: 2, failed: 1 }, blocked: [{ app, releaseId: second, seq: 2, reason }] });

    // Skip #2: it stays undelivered for good, and #3 is next. #3 carries #2's document (content
    // is cumulative), so etcd refuses it as well: skipping did not take the change back.
    expect((await resolve(second, "skip")).json).toEqual({ releaseId: second, state: "skipped" });
    expect(await deliverDue()).toBe(1);
    expect((await outboxOf(app))[2]?.state, "etcd refuses the third release too").toBe("failed");
    listed = await releasesOf(app);
    expect(listed.releases.find((r) => r.seq === 2)!.delivery).toMatchObject({ state: "failed", skipped: true, reason: expect.stringMatching(/\(skipped by .*admin/) });
    expect(listed.blockedBy).toMatchObject({ id: third, seq: 3 });
    expect((await center.read(app))?.releaseId).toBe(first);

    // Skip #3 too: the rollback goes out, and the center holds #1's content again.
    expect((await resolve(third, "skip")).status).toBe(200);
    expect(await deliverDue()).toBe(1);
    expect((await outboxOf(app))[3]?.state, "the rollback is delivered").toBe("delivered");
    const served = await center.read(app);
    expect(served).toMatchObject({ releaseId: fourth, versions: { vec: "1" } });
    expect(served?.document).toEqual({ ...documentOf(app), app: { bucket_count: 2, hash_key: "uid", salt: app } });
    expect((await outboxOf(app)).map((o) => o.state)).toEqual(["delivered", "skipped", "skipped", "delivered"]);
    // etcd never held a skipped release.
    const raw = new Etcd3({ hosts: etcd.endpoint });
    try {
      const layout = etcdLayout(prefix, app);
      expect((await raw.get(layout.marker(second)).exec()).kvs).toHaveLength(0);
      expect((await raw.get(layout.marker(third)).exec()).kvs).toHaveLength(0);
    } finally {
      raw.close();
    }
    expect(await auditOf(app, 2)).toEqual(["create", "delivery_failed", "delivery_skip"]);
    expect(await adminStatus()).toMatchObject({ outbox: { pending: 0, failed: 0 }, blocked: [] });
  });
});
