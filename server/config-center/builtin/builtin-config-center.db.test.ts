import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import { waitUntil } from "@/test/support/etcd";
import { createTestDatabase } from "@/test/support/test-db";
import { createBuiltinConfigCenter } from "./create-builtin-config-center";

let database: Database;
const centers: ConfigCenter[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(centers.map((center) => center.close()));
  await database?.close();
});

function newCenter(pollMs?: number): ConfigCenter {
  const center = createBuiltinConfigCenter({ db: database.db, pollMs });
  centers.push(center);
  return center;
}

const documentOf = (app: string, n: number) => ({ app_name: app, solutions: [{ v1: { model: { version: `lr_v${n}` }, buckets: [0] } }] });
const release = (app: string, n: number, versions: Record<string, string> = {}) => ({ app, releaseId: `${app}-release-${n}`, document: documentOf(app, n), versions });

function nextChange(center: ConfigCenter, app: string, fromRevision: number): Promise<PublishedConfig> {
  return new Promise((resolve) => {
    const stop = center.watch(app, fromRevision, (config) => {
      stop();
      resolve(config);
    });
  });
}

describe("built-in config center", () => {
  it("publishes, reads back, keeps the document's key order", async () => {
    const center = newCenter();
    expect(await center.read("alpha")).toBeNull();
    const { revision, alreadyPublished } = await center.publish(release("alpha", 1, { vec: "20240105" }));
    expect(alreadyPublished).toBe(false);
    const read = await center.read("alpha");
    expect(read).toEqual({ app: "alpha", revision, releaseId: "alpha-release-1", document: documentOf("alpha", 1), versions: { vec: "20240105" } });
    expect(Object.keys(read?.document as object)).toEqual(["app_name", "solutions"]);
  });

  it("is idempotent by release id: a second publish returns the first revision and changes nothing", async () => {
    const center = newCenter();
    const first = await center.publish(release("beta", 1));
    const second = await center.publish(release("beta", 2));
    const again = await center.publish({ ...release("beta", 1), document: { changed: true } });
    expect(again).toEqual({ revision: first.revision, alreadyPublished: true });
    expect((await center.read("beta"))?.revision).toBe(second.revision);
    expect((await center.read("beta"))?.releaseId).toBe("beta-release-2");
  });

  it("gives revisions that grow across apps and across concurrent publishes", async () => {
    const center = newCenter();
    const results = await Promise.all([1, 2, 3, 4].map((n) => center.publish(release(`gamma${n}`, n))));
    const revisions = results.map((r) => r.revision).sort((a, b) => a - b);
    expect(new Set(revisions).size).toBe(4);
    expect(revisions[3]! - revisions[0]!).toBe(3);
  });

  it("tells a watcher of a later publish, and answers at once when it is behind", async () => {
    const center = newCenter();
    const { revision } = await center.publish(release("delta", 1));
    expect((await nextChange(center, "delta", 0)).revision).toBe(revision);
    const waiting = nextChange(center, "delta", revision);
    const second = await center.publish(release("delta", 2));
    const seen = await waiting;
    expect(seen.revision).toBe(second.revision);
    expect(seen.document).toEqual(documentOf("delta", 2));
  });

  it("a second center on the same database (another process) hears the change through its poll", async () => {
    const publisher = newCenter();
    const watcherCenter = newCenter(20);
    const base = await publisher.publish(release("epsilon", 1));
    const waiting = nextChange(watcherCenter, "epsilon", base.revision);
    const second = await publisher.publish(release("epsilon", 2));
    expect((await waiting).releaseId).toBe("epsilon-release-2");
    expect((await watcherCenter.read("epsilon"))?.revision).toBe(second.revision);
  });

  it("a read that ran while a release was published never hides that release from later reads", async () => {
    const center = newCenter();
    await center.publish(release("zeta", 1));
    const stop = center.watch("zeta", 0, () => undefined);
    const [, second] = await Promise.all([center.read("zeta"), center.publish(release("zeta", 2))]);
    expect((await center.read("zeta"))?.revision).toBe(second.revision);
    stop();
    // Nobody watches now, but the center still follows the app: a third release is read too.
    const third = await center.publish(release("zeta", 3));
    expect((await center.read("zeta"))?.revision).toBe(third.revision);
  });

  it("a center that read an app (without watching) hears another center's later release through its poll", async () => {
    const publisher = newCenter();
    const reader = newCenter(20);
    await publisher.publish(release("eta", 1));
    expect((await reader.read("eta"))?.releaseId).toBe("eta-release-1");
    const second = await publisher.publish(release("eta", 2));
    await waitUntil(async () => (await reader.read("eta"))?.revision === second.revision, { what: "the reader to hear release 2" });
  });

  it("reports health with the revision", async () => {
    expect(await newCenter().health()).toMatchObject({ ok: true, detail: expect.stringContaining("revision") });
  });
});
