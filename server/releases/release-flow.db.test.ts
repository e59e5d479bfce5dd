import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as changeRequestRoute from "@/app/api/v1/change-requests/[id]/route";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import * as rejectRoute from "@/app/api/v1/change-requests/[id]/reject/route";
import * as waitingRoute from "@/app/api/v1/change-requests/waiting-count/route";
import * as releasesRoute from "@/app/api/v1/apps/[app]/releases/route";
import * as releaseRoute from "@/app/api/v1/apps/[app]/releases/[id]/route";
import * as rollbackRoute from "@/app/api/v1/apps/[app]/releases/[id]/rollback/route";
import * as settingsRoute from "@/app/api/v1/apps/[app]/release-settings/route";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createEtcdConfigCenter } from "@/server/config-center/etcd/create-etcd-config-center";
import type { ChangeRequest } from "@/server/contracts/approvals";
import type { ReleaseDetail } from "@/server/contracts/releases";
import { createDispatcher, type Dispatcher } from "@/server/outbox/create-dispatcher";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { startEtcd, waitUntil, type TestEtcd } from "@/test/support/etcd";
import { createPerson, type TestPerson } from "@/test/support/people";
import { buildSdk, startSdkProcess } from "@/test/support/sdk-process";
import { serveRoutes } from "@/test/support/serve-routes";
import { passVerification, startVerifiableWorld, verifiableSolutionBody, type VerifiableWorld } from "@/test/support/pass-verification";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

/**
 * The whole release flow through the real route handlers: an editor asks, a reviewer approves,
 * the dispatcher delivers to the center, and a scoring service's SDK in ANOTHER process sees
 * it, on both centers.
 */
let database: Database;
let world: VerifiableWorld;
let etcd: TestEtcd;
let sdkDir: string;
let configToken: string;
const people = {} as Record<"editor" | "reviewer" | "reviewer2" | "admin", TestPerson>;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await startVerifiableWorld(database.db);
  installAsProcessDatabase(database);
  people.editor = await createPerson(database.db, "editor");
  people.reviewer = await createPerson(database.db, "reviewer");
  people.reviewer2 = await createPerson(database.db, "reviewer");
  people.admin = await createPerson(database.db, "admin");
  configToken = (await issueToken(database.db, { actor: SYSTEM, input: { name: "scoring-service", scopes: ["config:read"] } })).secret;
  etcd = await startEtcd();
  sdkDir = buildSdk();
}, 120_000);

afterAll(async () => {
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
  await etcd?.dispose();
  if (sdkDir) rmSync(sdkDir, { recursive: true, force: true });
  await world?.close();
  await database?.close();
});

type Who = keyof typeof people;
async function call(handler: RouteHandler, who: Who, pathname: string, opts: Omit<CallOptions, "cookie"> = {}) {
  return callRoute(handler, pathname, { ...opts, cookie: people[who].cookie });
}

/** What the verifiable world holds (approval takes a passed verification; test/support/pass-verification.ts). */
function documentOf(app: string, _name: string) {
  return { app_name: app, solutions: [{ v1: { ...verifiableSolutionBody([0, 1]), features: {} } }] };
}

async function requestPublish(app: string, who: Who, change: Record<string, unknown>, comment = "ship it") {
  const res = await call(releasesRoute.POST, who, `/api/v1/apps/${app}/releases`, { method: "POST", params: { app }, body: { comment, change } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as unknown as { changeRequest: ChangeRequest | null; release: { id: string } | null };
}

async function approve(id: string, who: Who, comment = "looks right") {
  await passVerification(database.db, id);
  return call(approveRoute.POST, who, `/api/v1/change-requests/${id}/approve`, { method: "POST", params: { id }, body: { comment } });
}

async function deliveredRelease(app: string, id: string): Promise<ReleaseDetail> {
  let detail: ReleaseDetail | null = null;
  await waitUntil(
    async () => {
      const res = await call(releaseRoute.GET, "editor", `/api/v1/apps/${app}/releases/${id}`, { params: { app, id } });
      detail = res.json as unknown as ReleaseDetail;
      return detail.delivery.state === "delivered";
    },
    { what: `release ${id} to be delivered`, timeoutMs: 20_000 },
  );
  return detail!;
}

const centers = [
  { kind: "builtin" as const, app: "flow-builtin" },
  { kind: "etcd" as const, app: "flow-etcd" },
];

describe.each(centers)("release flow on the $kind center", ({ kind, app }) => {
  // Each center's dispatcher must be gone before the next suite starts: two dispatchers on one
  // database would deliver each other's records to the wrong center.
  const local: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of local.reverse()) await cleanup();
  });
  let center: ConfigCenter;
  let dispatcher: Dispatcher;
  let sdkOptions: Record<string, unknown>;
  let cacheDir: string;

  beforeAll(async () => {
    const prefix = `/flow-${randomUUID()}`;
    center = kind === "builtin" ? createBuiltinConfigCenter({ db: database.db }) : createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix });
    // The config route serves whatever getConfigCenter() returns in this process.
    (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: kind });
    // Not about delivery's re-check of the references (held-releases.db.test.ts is): no model server here.
    dispatcher = createDispatcher({ db: database.db, center, pollMs: 50, retry: { minMs: 50, maxMs: 500 } , recheckReferences: false });
    dispatcher.start();
    cacheDir = mkdtempSync(path.join(os.tmpdir(), "sdk-cache-"));
    if (kind === "builtin") {
      const served = await serveRoutes([{ method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET }]);
      local.push(() => served.close());
      sdkOptions = { url: served.url, token: configToken, waitSeconds: 5 };
    } else {
      sdkOptions = { etcd: { endpoints: [etcd.endpoint], prefix } };
    }
    local.push(async () => {
      await dispatcher.stop();
      await center.close();
      rmSync(cacheDir, { recursive: true, force: true });
    });
  });

  // Each test publishes to an app of its own (this center's dispatcher delivers them all), so none
  // depends on a release, a change request or a setting another left behind.
  let apps = 0;
  async function newApp(): Promise<string> {
    const name = `${app}-${++apps}`;
    await createApp(database.db, { actor: SYSTEM, input: { name, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
    return name;
  }

  /** A publish the reviewer approves, once delivered. */
  async function approvedRelease(target: string, change: Record<string, unknown>): Promise<ReleaseDetail> {
    const asked = await requestPublish(target, "editor", change);
    const approved = await approve(asked.changeRequest!.id, "reviewer");
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    return deliveredRelease(target, ((approved.json as unknown as ChangeRequest).outcome as { releaseId: string }).releaseId);
  }

  it("publish -> approve -> delivered -> the SDK in another process sees it", async () => {
    const app = await newApp();
    const asked = await requestPublish(app, "editor", { document: documentOf(app, "lr_v1"), versions: { vec: "20240101" } });
    expect(asked.release).toBeNull();
    expect(asked.changeRequest).toMatchObject({ state: "pending", kind: "publish", requestedBy: people.editor.actor.email });
    const waiting = await call(waitingRoute.GET, "reviewer", "/api/v1/change-requests/waiting-count");
    expect((waiting.json as { waiting: number }).waiting).toBeGreaterThanOrEqual(1);

    const approved = await approve(asked.changeRequest!.id, "reviewer");
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    const outcome = (approved.json as unknown as ChangeRequest).outcome as { releaseId: string };
    const first = await deliveredRelease(app, outcome.releaseId);
    expect(first).toMatchObject({ seq: 1, author: people.editor.actor.email, approvers: [{ name: people.reviewer.actor.email, comment: "looks right" }] });
    expect(first.revision).toBeGreaterThan(0);

    const sdk = startSdkProcess(sdkDir, { ...sdkOptions, app, cacheFile: path.join(cacheDir, "config.json") });
    local.push(() => sdk.stop());
    await sdk.ready;
    await sdk.waitFor((s) => s.releaseId === first.id, "the first release");

    const second = await requestPublish(app, "editor", { versions: { vec: "20240102" } }, "new vectors");
    const secondApproved = await approve(second.changeRequest!.id, "reviewer");
    const secondId = ((secondApproved.json as unknown as ChangeRequest).outcome as { releaseId: string }).releaseId;
    const seen = await sdk.waitFor((s) => s.releaseId === secondId, "the second release");
    expect(seen.versions).toEqual({ vec: "20240102" });
    // The document as published, with the app's bucket settings the console writes into every release.
    expect(seen.document).toEqual({ ...documentOf(app, "lr_v1"), app: { bucket_count: 2, hash_key: "uid", salt: app } });
    expect(seen.revision).toBe((await deliveredRelease(app, secondId)).revision);
  });

  it("refuses self-approval with 403, also for someone who may both edit and review", async () => {
    const app = await newApp();
    const asked = await requestPublish(app, "admin", { versions: { vec: "self" } });
    const res = await approve(asked.changeRequest!.id, "admin");
    expect(res.status).toBe(403);
    expect(res.json.error?.message).toMatch(/own request/);
    const rejectedBySelf = await call(rejectRoute.POST, "admin", `/api/v1/change-requests/${asked.changeRequest!.id}/reject`, { method: "POST", params: { id: asked.changeRequest!.id }, body: { comment: "no" } });
    expect(rejectedBySelf.status).toBe(403);
    const rejected = await call(rejectRoute.POST, "reviewer", `/api/v1/change-requests/${asked.changeRequest!.id}/reject`, { method: "POST", params: { id: asked.changeRequest!.id }, body: { comment: "not this one" } });
    expect(rejected.json).toMatchObject({ state: "rejected" });
  });

  it("an edited request loses its approvals", async () => {
    const app = await newApp();
    const before = await call(settingsRoute.GET, "admin", `/api/v1/apps/${app}/release-settings`, { params: { app } });
    const settings = await call(settingsRoute.PUT, "admin", `/api/v1/apps/${app}/release-settings`, {
      method: "PUT",
      params: { app },
      body: { requiresApproval: true, requiredApprovals: 2, version: (before.json as { version: number }).version },
    });
    expect(settings.status, JSON.stringify(settings.json)).toBe(200);

    const asked = await requestPublish(app, "editor", { versions: { vec: "20240103" } });
    const id = asked.changeRequest!.id;
    expect(asked.changeRequest!.requiredApprovals).toBe(2);
    const once = (await approve(id, "reviewer")).json as unknown as ChangeRequest;
    expect(once).toMatchObject({ state: "pending", approvalCount: 1 });

    const edited = await call(changeRequestRoute.PATCH, "editor", `/api/v1/change-requests/${id}`, {
      method: "PATCH",
      params: { id },
      body: { version: once.version, comment: "vectors of the 4th instead", change: { versions: { vec: "20240104" } } },
    });
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    const afterEdit = edited.json as unknown as ChangeRequest;
    expect(afterEdit).toMatchObject({ state: "pending", approvalCount: 0, revision: 2 });
    expect(afterEdit.approvals[0]?.withdrawnAt).not.toBeNull();

    await approve(id, "reviewer");
    const done = (await approve(id, "reviewer2")).json as unknown as ChangeRequest;
    expect(done.state).toBe("approved");
    const release = await deliveredRelease(app, (done.outcome as { releaseId: string }).releaseId);
    expect(release.content.versions).toEqual({ vec: "20240104" });
    expect(await center.read(app)).toMatchObject({ releaseId: release.id, versions: { vec: "20240104" } });
  });

  it("rolls back to an older release through the same approval", async () => {
    const app = await newApp();
    const first = await approvedRelease(app, { document: documentOf(app, "lr_v1"), versions: { vec: "20240101" } });
    await approvedRelease(app, { versions: { vec: "20240102" } });
    const res = await call(rollbackRoute.POST, "editor", `/api/v1/apps/${app}/releases/${first.id}/rollback`, {
      method: "POST",
      params: { app, id: first.id },
      body: { comment: "back to the first vectors" },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const request = (res.json as unknown as { changeRequest: ChangeRequest }).changeRequest;
    expect(request.title).toMatch(/back to release #1/);
    const approved = (await approve(request.id, "reviewer")).json as unknown as ChangeRequest;
    const rollback = await deliveredRelease(app, (approved.outcome as { releaseId: string }).releaseId);
    expect(rollback.rollbackOf).toEqual({ id: first.id, seq: 1 });
    expect(rollback.content).toEqual(first.content);
    expect(rollback.contentHash).toBe(first.contentHash);
    expect(await center.read(app)).toMatchObject({ releaseId: rollback.id, versions: { vec: "20240101" } });

    const list = await call(releasesRoute.GET, "editor", `/api/v1/apps/${app}/releases`, { params: { app } });
    const seqs = (list.json as { releases: { seq: number; delivery: { state: string } }[] }).releases.map((r) => [r.seq, r.delivery.state]);
    expect(seqs).toEqual([[3, "delivered"], [2, "delivered"], [1, "delivered"]]);
  });
});

describe("config HTTP API (long-poll)", () => {
  const app = "longpoll";
  let center: ConfigCenter;
  beforeAll(async () => {
    center = createBuiltinConfigCenter({ db: database.db });
    (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: "builtin" });
  });
  afterAll(async () => center.close());

  const get = (query: Record<string, string> = {}, target = app) =>
    callRoute(configRoute.GET, `/api/config/v1/apps/${target}`, { token: configToken, params: { app: target }, query });

  it("404 for an app never published, even when asked to wait", async () => {
    expect((await get({ revision: "0", wait: "5s" }, "never-published")).status).toBe(404);
  });

  it("answers at once when newer, holds until a release arrives, 304 after the wait", async () => {
    const first = await center.publish({ app, releaseId: randomUUID(), document: { app_name: app, solutions: [] }, versions: { k: "1" } });
    const now = await get();
    expect(now.status).toBe(200);
    expect(now.json).toMatchObject({ app, revision: first.revision, versions: { k: "1" } });
    expect((await get({ revision: String(first.revision - 1), wait: "30s" })).json).toMatchObject({ revision: first.revision });

    expect((await get({ revision: String(first.revision), wait: "50ms" })).status).toBe(304);

    const holding = get({ revision: String(first.revision), wait: "30s" });
    const second = await center.publish({ app, releaseId: randomUUID(), document: { app_name: app, solutions: [] }, versions: { k: "2" } });
    const answered = await holding;
    expect(answered.status).toBe(200);
    expect(answered.json).toMatchObject({ revision: second.revision, versions: { k: "2" } });
  });

  it("people may read it too; a token without config:read may not", async () => {
    const readable = "longpoll-read";
    await center.publish({ app: readable, releaseId: randomUUID(), document: { app_name: readable, solutions: [] }, versions: { k: "1" } });
    expect((await callRoute(configRoute.GET, `/api/config/v1/apps/${readable}`, { cookie: people.reviewer.cookie, params: { app: readable } })).status).toBe(200);
    const other = (await issueToken(database.db, { actor: SYSTEM, input: { name: "dag-only", scopes: ["dag:write"] } })).secret;
    expect((await callRoute(configRoute.GET, `/api/config/v1/apps/${readable}`, { token: other, params: { app: readable } })).status).toBe(403);
  });
});
