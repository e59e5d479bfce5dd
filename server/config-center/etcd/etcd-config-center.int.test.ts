import { randomUUID } from "node:crypto";
import { Etcd3 } from "etcd3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import { startEtcd, waitUntil, type TestEtcd } from "@/test/support/etcd";
import { createEtcdConfigCenter } from "./create-etcd-config-center";

let etcd: TestEtcd;
let raw: Etcd3;
const centers: ConfigCenter[] = [];

beforeAll(async () => {
  etcd = await startEtcd();
  raw = new Etcd3({ hosts: etcd.endpoint });
});

afterAll(async () => {
  await Promise.all(centers.map((center) => center.close()));
  raw?.close();
  await etcd?.dispose();
});

/** Each test gets its own prefix, so tests share one etcd without seeing each other. */
function newCenter(): { center: ConfigCenter; prefix: string } {
  const prefix = `/test-${randomUUID()}`;
  const center = createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix });
  centers.push(center);
  return { center, prefix };
}

const documentOf = (n: number) => ({ app_name: "favpush", solutions: [{ v1: { buckets: [0, 1], model: { name: "lr", version: `lr_v${n}` } } }] });

function release(n: number, versions: Record<string, string>) {
  return { app: "favpush", releaseId: `release-${n}`, document: documentOf(n), versions };
}

function collect(center: ConfigCenter, fromRevision: number) {
  const seen: PublishedConfig[] = [];
  const stop = center.watch("favpush", fromRevision, (config) => seen.push(config));
  return { seen, stop };
}

describe("etcd config center", () => {
  it("publishes a release and reads it back", async () => {
    const { center } = newCenter();
    expect(await center.read("favpush")).toBeNull();
    const { revision, alreadyPublished } = await center.publish(release(1, { favpush_vec_v2: "20240105", favpush_cf_v5: "7" }));
    expect(alreadyPublished).toBe(false);
    expect(await center.read("favpush")).toEqual({
      app: "favpush",
      revision,
      releaseId: "release-1",
      document: documentOf(1),
      versions: { favpush_vec_v2: "20240105", favpush_cf_v5: "7" },
    });
  });

  it("writes the documented layout in one transaction and deletes versions that left", async () => {
    const { center, prefix } = newCenter();
    await center.publish(release(1, { a: "1", b: "1" }));
    const { revision } = await center.publish(release(2, { a: "2", c: "1" }));
    const kvs = (await raw.getAll().prefix(`${prefix}/apps/favpush/`).exec()).kvs;
    const keys = Object.fromEntries(kvs.map((kv) => [kv.key.toString().slice(prefix.length), kv.value.toString()]));
    expect(Object.keys(keys).sort()).toEqual(["/apps/favpush/release", "/apps/favpush/solutions", "/apps/favpush/versions/a", "/apps/favpush/versions/c"]);
    expect(keys["/apps/favpush/versions/a"]).toBe("2");
    expect(JSON.parse(keys["/apps/favpush/solutions"]!)).toEqual(documentOf(2));
    expect(JSON.parse(keys["/apps/favpush/release"]!)).toEqual({ releaseId: "release-2", contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(new Set(kvs.map((kv) => Number(kv.mod_revision)))).toEqual(new Set([revision]));
  });

  it("is idempotent by release id, even for an older release redelivered after a newer one", async () => {
    const { center } = newCenter();
    const first = await center.publish(release(1, { a: "1" }));
    expect(await center.publish(release(1, { a: "1" }))).toEqual({ revision: first.revision, alreadyPublished: true });
    const second = await center.publish(release(2, { a: "2" }));
    const storeRevision = Number((await raw.getAll().prefix("/").limit(1).exec()).header.revision);
    expect(await center.publish(release(1, { a: "1" }))).toEqual({ revision: first.revision, alreadyPublished: true });
    expect(Number((await raw.getAll().prefix("/").limit(1).exec()).header.revision)).toBe(storeRevision);
    expect((await center.read("favpush"))?.revision).toBe(second.revision);
  });

  it("refuses names that would break the key layout", async () => {
    const { center } = newCenter();
    await expect(center.publish({ ...release(1, {}), app: "fav/push" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(center.publish(release(1, { "a/b": "1" }))).rejects.toMatchObject({ code: "bad_request" });
  });

  it("refuses a release larger than one etcd transaction may be, instead of calling etcd down", async () => {
    const { center } = newCenter();
    const versions = Object.fromEntries(Array.from({ length: 126 }, (_, i) => [`key_${i}`, "1"]));
    await expect(center.publish(release(1, versions))).rejects.toMatchObject({ code: "unprocessable" });
    await expect(center.publish(release(2, Object.fromEntries(Object.entries(versions).slice(0, 125))))).resolves.toMatchObject({
      alreadyPublished: false,
    });
  });

  it("refuses a release bigger than etcd's request limit itself, and etcd's own refusal is permanent too", async () => {
    const { center } = newCenter();
    // About 1.6 MB of document: over etcd's default --max-request-bytes (1.5 MiB), under its gRPC limit (2 MiB).
    const big = { app: "favpush", releaseId: "release-big", document: { app_name: "favpush", padding: "x".repeat(1_600_000) }, versions: {} };
    const refused = await center.publish(big).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "unprocessable", message: expect.stringMatching(/bytes in one etcd request; etcd accepts 1572864/) });

    // A console told etcd accepts more than it does: etcd's INVALID_ARGUMENT is a refusal, not an outage.
    const optimistic = createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix: `/test-${randomUUID()}`, maxRequestBytes: 1_900_000 });
    centers.push(optimistic);
    const byEtcd = await optimistic.publish(big).catch((error: unknown) => error);
    expect(byEtcd).toMatchObject({ code: "unprocessable", details: { cause: expect.stringMatching(/request is too large/) } });
    // ...and etcd is not taken for down afterwards.
    expect((await optimistic.health()).ok).toBe(true);
    await expect(optimistic.publish(release(1, { a: "1" }))).resolves.toMatchObject({ alreadyPublished: false });
  });

  it("tells a watcher every release after its revision, in order", async () => {
    const { center } = newCenter();
    const r1 = await center.publish(release(1, { a: "1" }));
    const r2 = await center.publish(release(2, { a: "2" }));
    const fromStart = collect(center, 0);
    const fromFirst = collect(center, r1.revision);
    await waitUntil(() => fromStart.seen.length === 2 && fromFirst.seen.length === 1, { what: "history replayed" });
    const r3 = await center.publish(release(3, { a: "3" }));
    await waitUntil(() => fromStart.seen.length === 3 && fromFirst.seen.length === 2, { what: "the new release" });
    expect(fromStart.seen.map((c) => c.revision)).toEqual([r1.revision, r2.revision, r3.revision]);
    expect(fromFirst.seen.map((c) => c.releaseId)).toEqual(["release-2", "release-3"]);
    fromStart.stop();
    fromFirst.stop();
  });

  it("never shows a watcher half a release", async () => {
    const { center } = newCenter();
    const watch = collect(center, 0);
    const published = new Map<string, PublishedConfig>();
    for (let n = 1; n <= 20; n++) {
      // Each release changes every value and which keys exist, so a torn read would show.
      const versions = Object.fromEntries(Array.from({ length: 1 + (n % 4) }, (_, k) => [`key_${(n + k) % 6}`, `${n}`]));
      const { revision } = await center.publish(release(n, versions));
      published.set(`release-${n}`, { app: "favpush", revision, releaseId: `release-${n}`, document: documentOf(n), versions });
    }
    await waitUntil(() => watch.seen.at(-1)?.releaseId === "release-20", { what: "the last release" });
    watch.stop();
    for (const config of watch.seen) expect(config).toEqual(published.get(config.releaseId));
    const revisions = watch.seen.map((c) => c.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
  });

  it("catches up from a snapshot when the watched history was compacted", async () => {
    const { center, prefix } = newCenter();
    await center.publish(release(1, { a: "1" }));
    const last = await center.publish(release(2, { a: "2" }));
    await raw.kv.compact({ revision: String(last.revision) });
    const errors: unknown[] = [];
    const watching = createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix, onError: (e) => errors.push(e) });
    centers.push(watching);
    const watch = collect(watching, 0);
    await waitUntil(() => watch.seen.length === 1, { what: "the snapshot after compaction" });
    expect(watch.seen[0]).toMatchObject({ releaseId: "release-2", revision: last.revision });
    const next = await center.publish(release(3, { a: "3" }));
    await waitUntil(() => watch.seen.length === 2, { what: "a release after the compaction" });
    expect(watch.seen[1]?.revision).toBe(next.revision);
    expect(errors.length).toBeGreaterThan(0);
    watch.stop();
  });

  it("reports health", async () => {
    const { center } = newCenter();
    expect(await center.health()).toEqual({ ok: true, detail: expect.stringMatching(/^etcd 3\.\d+\.\d+ at revision \d+$/) });
  });
});
