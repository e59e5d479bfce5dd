import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import * as releasesRoute from "@/app/api/v1/apps/[app]/releases/route";
import * as publishRoute from "@/app/api/v1/apps/[app]/solutions-publish/route";
import * as importRoute from "@/app/api/v1/apps/[app]/solutions-import/route";
import type { Database } from "@/db/client";
import { createConfigClient } from "@/sdk/src";
import type { ConfigClient } from "@/sdk/src/core/published/types";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { getApp } from "@/server/apps/get-app";
import { updateApp } from "@/server/apps/update-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createEtcdConfigCenter } from "@/server/config-center/etcd/create-etcd-config-center";
import type { ChangeRequest } from "@/server/contracts/approvals";
import { createDispatcher, type Dispatcher } from "@/server/outbox/create-dispatcher";
import { getSolutionsDraft } from "@/server/solutions/get-solutions-draft";
import { trafficPreview } from "@/sdk/src/core/solutions/traffic-preview";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { startEtcd, waitUntil, type TestEtcd } from "@/test/support/etcd";
import { createPerson, type TestPerson } from "@/test/support/people";
import { serveRoutes } from "@/test/support/serve-routes";
import { passVerification, startVerifiableWorld, verifiableSolutionBody, type VerifiableWorld } from "@/test/support/pass-verification";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

/**
 * An app that changed every bucket setting from its default (salt, hash key, a bucket count no
 * split can guess) is published through the release flow; a scoring service's SDK must then put
 * every key in the bucket, and the solution, the console does. Before the console published its
 * bucket settings the SDK guessed them (salt = app name, hash key uid) and disagreed on nearly
 * every key.
 */
let database: Database;
let world: VerifiableWorld;
let etcd: TestEtcd;
let configToken: string;
const people = {} as Record<"editor" | "reviewer" | "admin", TestPerson>;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await startVerifiableWorld(database.db);
  installAsProcessDatabase(database);
  people.editor = await createPerson(database.db, "editor");
  people.reviewer = await createPerson(database.db, "reviewer");
  people.admin = await createPerson(database.db, "admin");
  configToken = (await issueToken(database.db, { actor: SYSTEM, input: { name: "scoring-service", scopes: ["config:read"] } })).secret;
  etcd = await startEtcd();
}, 120_000);

afterAll(async () => {
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
  await etcd?.dispose();
  await world?.close();
  await database?.close();
});

async function call(handler: RouteHandler, who: keyof typeof people, pathname: string, opts: Omit<CallOptions, "cookie"> = {}) {
  const res = await callRoute(handler, pathname, { ...opts, cookie: people[who].cookie });
  expect(res.status, `${pathname}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  return res.json;
}

/** Asks as the editor, approves as the reviewer: the release's id. */
async function approveRequest(asked: Record<string, unknown>): Promise<string> {
  const id = (asked.changeRequest as ChangeRequest).id;
  await passVerification(database.db, id);
  const approved = (await call(approveRoute.POST, "reviewer", `/api/v1/change-requests/${id}/approve`, { method: "POST", params: { id }, body: { comment: "ok" } })) as unknown as ChangeRequest;
  return (approved.outcome as { releaseId: string }).releaseId;
}

/** Numeric and text keys, ASCII and not. */
const KEYS: (string | number)[] = Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? i * 7919 : i % 3 === 1 ? `device-${i}` : `设备-${i}-é`));

/** Where the console puts each key: its traffic preview, with the app's settings and its split. */
async function consolePlacements(app: string) {
  const draft = await getSolutionsDraft(database.db, app);
  const { salt, bucketCount } = await getApp(database.db, app);
  return trafficPreview({ app: { salt, bucketCount }, solutions: draft.solutions, keys: KEYS }).keys;
}

async function expectSdkAgrees(sdk: ConfigClient, app: string) {
  const console = await consolePlacements(app);
  const sdkPlacements = KEYS.map((key) => {
    const picked = sdk.pickSolution(app, { device_id: key, uid: 1 });
    expect(sdk.resolveBucket(app, key)).toBe(picked.bucket);
    return { key, bucket: picked.bucket, solution: picked.solution.name };
  });
  expect(sdkPlacements).toEqual(console);
  // The split is not degenerate: keys land in every bucket.
  expect(new Set(console.map((p) => p.bucket)).size).toBe((await getApp(database.db, app)).bucketCount);
}

const centers = [
  { kind: "builtin" as const, app: "salted-builtin" },
  { kind: "etcd" as const, app: "salted-etcd" },
];

describe.each(centers)("bucket settings published on the $kind center", ({ kind, app }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  let center: ConfigCenter;
  let dispatcher: Dispatcher;
  let sdkOptions: Parameters<typeof createConfigClient>[0];

  // Each test works on an app of its own (salt ab-2024-q3), so none sees a salt another changed.
  let apps = 0;
  async function saltedApp(): Promise<string> {
    const name = `${app}-${++apps}`;
    await createApp(database.db, {
      actor: SYSTEM,
      input: {
        name,
        bucketCount: 7,
        hashKey: "device_id",
        salt: "ab-2024-q3",
        originFields: [
          { name: "device_id", type: "string" },
          { name: "uid", type: "int" },
        ],
      },
    });
    return name;
  }

  /** Imports two solutions, publishes them and has the reviewer approve: the release id, once at the center. */
  async function publishSplit(target: string): Promise<string> {
    const split = (name: string, buckets: number[]) => ({
      [name]: { ...verifiableSolutionBody(buckets), features: {} },
    });
    const imported = await call(importRoute.POST, "editor", `/api/v1/apps/${target}/solutions-import`, {
      method: "POST",
      params: { app: target },
      body: { version: 0, document: { app_name: target, solutions: [split("v1", [0, 1, 2]), split("v2", [3, 4, 5, 6])] } },
    });
    const draftVersion = (imported.draft as { version: number }).version;
    const asked = await call(publishRoute.POST, "editor", `/api/v1/apps/${target}/solutions-publish`, {
      method: "POST",
      params: { app: target },
      body: { version: draftVersion, comment: "first split of the salted app" },
    });
    const releaseId = await approveRequest(asked);
    await waitUntil(async () => (await center.read(target))?.releaseId === releaseId, { what: "the release to reach the center", timeoutMs: 20_000 });
    return releaseId;
  }

  async function sdkFor(target: string): Promise<ConfigClient> {
    const sdk = await createConfigClient({ ...sdkOptions, app: target });
    cleanups.push(() => sdk.close());
    return sdk;
  }

  beforeAll(async () => {
    const prefix = `/settings-${randomUUID()}`;
    center = kind === "builtin" ? createBuiltinConfigCenter({ db: database.db }) : createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix });
    (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: kind });
    // Not about delivery's re-check of the references (held-releases.db.test.ts is): no model server here.
    dispatcher = createDispatcher({ db: database.db, center, pollMs: 50, retry: { minMs: 50, maxMs: 500 } , recheckReferences: false });
    dispatcher.start();
    cleanups.push(async () => {
      await dispatcher.stop();
      await center.close();
    });
    if (kind === "builtin") {
      const served = await serveRoutes([{ method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET }]);
      cleanups.push(() => served.close());
      sdkOptions = { url: served.url, token: configToken, app: "", waitSeconds: 5, onError: () => undefined };
    } else {
      sdkOptions = { etcd: { endpoints: [etcd.endpoint], prefix }, app: "", onError: () => undefined };
    }
  });

  it("publishes the app's salt, hash key and bucket count with the solutions; the SDK buckets every key like the console", async () => {
    const app = await saltedApp();
    const releaseId = await publishSplit(app);
    const sdk = await sdkFor(app);
    expect(sdk.getConfig(app)?.releaseId).toBe(releaseId);
    const published = (await center.read(app))!.document as Record<string, unknown>;
    expect(Object.keys(published)).toEqual(["app_name", "solutions", "app"]);
    expect(published.app).toEqual({ bucket_count: 7, hash_key: "device_id", salt: "ab-2024-q3" });
    expect(sdk.getSettings(app)).toEqual({ bucketCount: 7, hashKey: "device_id", salt: "ab-2024-q3" });
    await expectSdkAgrees(sdk, app);
  });

  it("a changed salt is pending until the next reviewed publish: a versions-only release keeps the live one, the publish brings the new one to the SDK", async () => {
    const app = await saltedApp();
    await publishSplit(app);
    const sdk = await sdkFor(app);
    const before = await getApp(database.db, app);
    await updateApp(database.db, {
      actor: people.admin.actor,
      name: app,
      input: { description: "", bucketCount: before.bucketCount, hashKey: before.hashKey, salt: "ab-2024-q4", originFields: before.originFields, version: before.version },
    });
    // Trial scoring of the published config buckets as the services do; of the draft, with the pending salt.
    const scoring = wireScoringDeps(database.db, center);
    expect((await scoring.loadConfig(app, "published")).app.salt).toBe("ab-2024-q3");
    expect((await scoring.loadConfig(app, "draft")).app.salt).toBe("ab-2024-q4");
    const vectors = await call(releasesRoute.POST, "editor", `/api/v1/apps/${app}/releases`, {
      method: "POST",
      params: { app },
      body: { comment: "new vectors", change: { versions: { [`${app}_vec`]: "20240105" } } },
    });
    // A versions-only publish does not carry the salt: the block travels with the document.
    const vectorsDiff = (vectors.changeRequest as ChangeRequest).diff as { changes: { path: string }[] };
    expect(vectorsDiff.changes.map((c) => c.path)).toEqual([`versions.${app}_vec`]);
    const vectorsRelease = await approveRequest(vectors);
    await waitUntil(() => sdk.getConfig(app)?.releaseId === vectorsRelease, { what: "the SDK to see the versions release", timeoutMs: 20_000 });
    expect(sdk.getSettings(app)).toEqual({ bucketCount: 7, hashKey: "device_id", salt: "ab-2024-q3" });

    // The next publish of the draft carries it, and its reviewer sees it in the diff.
    const draft = await getSolutionsDraft(database.db, app);
    const asked = await call(publishRoute.POST, "editor", `/api/v1/apps/${app}/solutions-publish`, { method: "POST", params: { app }, body: { version: draft.version, comment: "new salt" } });
    const diff = (asked.changeRequest as ChangeRequest).diff as { changes: { path: string; before?: unknown; after?: unknown }[] };
    expect(diff.changes).toEqual([expect.objectContaining({ path: "document.app.salt", before: "ab-2024-q3", after: "ab-2024-q4" })]);
    const releaseId = await approveRequest(asked);
    await waitUntil(() => sdk.getConfig(app)?.releaseId === releaseId, { what: "the SDK to see the release", timeoutMs: 20_000 });
    expect(sdk.getSettings(app)).toEqual({ bucketCount: 7, hashKey: "device_id", salt: "ab-2024-q4" });
    await expectSdkAgrees(sdk, app);
    await waitUntil(async () => (await scoring.loadConfig(app, "published")).app.salt === "ab-2024-q4", { what: "trial scoring to hold the new release", timeoutMs: 20_000 });
  });
});
