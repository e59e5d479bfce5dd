import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { Etcd3 } from "etcd3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog, outbox, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import { createEtcdConfigCenter } from "@/server/config-center/etcd/create-etcd-config-center";
import { etcdLayout } from "@/server/config-center/etcd/etcd-layout";
import { AppError } from "@/server/errors";
import { approvedRelease } from "@/test/support/approved-release";
import { startEtcdCluster, waitUntil, type TestEtcdCluster, type TestEtcdMember } from "@/test/support/etcd";
import { createTestDatabase } from "@/test/support/test-db";
import { createDispatcher } from "./create-dispatcher";

/**
 * The outbox dispatcher publishing a stream of releases to a 3-member etcd cluster (the console
 * given every member's endpoint) while the leader is killed, twice: once with a publish in
 * flight, once right after etcd committed a release but before its answer reached the console
 * (the dispatcher retries a release etcd already holds). Every release lands once, in order,
 * and a console watching the app through the kills sees each once, in order.
 */
let database: Database;
let cluster: TestEtcdCluster;
const stops: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  cluster = await startEtcdCluster(3);
}, 60_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await cluster?.dispose();
  await database?.close();
});

const documentOf = (app: string, n: number) => ({
  app_name: app,
  solutions: [{ v1: { features: {}, model: { name: "lr", version: `lr_v${n}` }, fg: { class: "LRFg", version: "v1" }, buckets: [0, 1] } }],
});

describe("etcd cluster losing its leader during a stream of deliveries", () => {
  it("delivers all 30 releases once and in order", { timeout: 60_000 }, async () => {
    const app = "cluster-failover";
    await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
    const prefix = `/failover-${randomUUID()}`;
    const center = createEtcdConfigCenter({ endpoints: cluster.endpoints, prefix, callTimeoutMs: 2_000, onError: () => undefined });
    stops.push(() => center.close());

    // A console watching the app (as the Releases page's live view does): its stream is on the
    // member that leads when the first kill comes, so that kill cuts it.
    const watching = createEtcdConfigCenter({ endpoints: cluster.endpoints, prefix, callTimeoutMs: 2_000, onError: () => undefined });
    stops.push(() => watching.close());
    const watched: PublishedConfig[] = [];
    stops.push(watching.watch(app, 0, (config) => watched.push(config)));
    await cluster.moveLeader(await cluster.memberHoldingTheWatch());

    const killed: TestEtcdMember[] = [];
    const killLeader = async () => {
      const leader = await cluster.waitForLeader();
      killed.push(leader);
      await leader.kill();
    };

    // The real center, with the faults placed at the first attempt of given releases: the
    // dispatcher and etcd do the rest (retries, failover, idempotency) on their own.
    const attempted = new Set<string>();
    const faulty: ConfigCenter = {
      ...center,
      kind: center.kind,
      async publish(input) {
        const first = !attempted.has(input.releaseId);
        attempted.add(input.releaseId);
        const n = Number(input.versions.vec?.slice(1));
        if (first && n === 8) {
          // The leader dies while this release is on its way to it.
          const [result] = await Promise.all([center.publish(input), killLeader()]);
          return result;
        }
        if (first && n === 16) {
          // The first dead member rejoins (it catches up from the others), so the cluster keeps its quorum after the second kill.
          await killed[0]!.restart();
          await cluster.waitForLeader();
        }
        if (first && n === 22) {
          // etcd committed it; the leader dies before the answer reaches the dispatcher.
          await center.publish(input);
          await killLeader();
          throw new AppError("unavailable", "The etcd config center is unavailable (publish)", { cause: "the leader died before it answered" });
        }
        return center.publish(input);
      },
    };
    const dispatcher = createDispatcher({ db: database.db, center: faulty, pollMs: 50, retry: { minMs: 50, maxMs: 400 }, leaseMs: 30_000, onError: () => undefined, recheckReferences: false });
    dispatcher.start();
    stops.push(() => dispatcher.stop());

    // Approved one after the other while the dispatcher delivers them.
    const total = 30;
    const ids: string[] = [];
    for (let n = 1; n <= total; n++) {
      const change = { document: documentOf(app, n), versions: { vec: `v${n}` } };
      ids.push((await approvedRelease(database.db, { app, comment: `release ${n}`, change })).id);
    }

    const outboxOf = () => database.db.select().from(outbox).where(eq(outbox.app, app)).orderBy(asc(outbox.seq));
    await waitUntil(async () => (await outboxOf()).every((o) => o.state === "delivered"), { what: "all 30 releases to be delivered", timeoutMs: 45_000 });
    expect(killed).toHaveLength(2);

    const raw = new Etcd3({ hosts: cluster.endpoints });
    stops.push(() => raw.close());
    const layout = etcdLayout(prefix, app);
    // `version` counts writes of the key since it was created: 30 releases, 30 writes.
    expect(Number((await raw.get(layout.release).exec()).kvs[0]?.version)).toBe(total);
    const markers = await Promise.all(ids.map(async (id) => (await raw.get(layout.marker(id)).exec()).kvs[0]!));
    expect(markers.map((m) => Number(m.version))).toEqual(ids.map(() => 1));
    const revisions = markers.map((m) => Number(m.create_revision));
    expect(new Set(revisions).size).toBe(total);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    // At each release's revision the app held exactly that release.
    for (const [i, revision] of revisions.entries()) {
      const kv = (await raw.get(layout.release).revision(revision).exec()).kvs[0]!;
      expect(JSON.parse(kv.value.toString())).toMatchObject({ releaseId: ids[i] });
    }

    const rows = await database.db.select({ revision: releases.revision }).from(releases).where(eq(releases.app, app)).orderBy(asc(releases.seq));
    expect(rows.map((r) => r.revision)).toEqual(revisions);
    const delivered = await database.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.kind, "release"), eq(auditLog.action, "deliver"), eq(auditLog.app, app)))
      .orderBy(asc(auditLog.id));
    const audit = delivered.map((row) => row.after as { releaseId: string; alreadyPublished: boolean });
    expect(audit.map((a) => a.releaseId)).toEqual(ids);
    // The retry of release 22 found it in etcd, on the new leader, and wrote nothing.
    expect(audit[21]?.alreadyPublished).toBe(true);

    // The watching console saw each release once, in order, across both kills.
    await waitUntil(() => watched.length >= total, { what: "the watcher to see the last release" });
    expect(watched.map((config) => config.releaseId)).toEqual(ids);
    expect(watched.map((config) => config.revision)).toEqual(revisions);
  });
});
