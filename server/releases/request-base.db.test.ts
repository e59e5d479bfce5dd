import { asc, count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as changeRequestsRoute from "@/app/api/v1/change-requests/route";
import * as changeRequestRoute from "@/app/api/v1/change-requests/[id]/route";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import * as rebaseRoute from "@/app/api/v1/change-requests/[id]/rebase/route";
import * as releasesRoute from "@/app/api/v1/apps/[app]/releases/route";
import * as releaseRoute from "@/app/api/v1/apps/[app]/releases/[id]/route";
import * as rollbackRoute from "@/app/api/v1/apps/[app]/releases/[id]/rollback/route";
import * as settingsRoute from "@/app/api/v1/apps/[app]/release-settings/route";
import type { Database } from "@/db/client";
import { approvals, auditLog, changeRequests, outbox, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { getApp } from "@/server/apps/get-app";
import { updateApp } from "@/server/apps/update-app";
import type { ChangeRequest, ChangeRequestListItem } from "@/server/contracts/approvals";
import type { ReleaseDetail } from "@/server/contracts/releases";
import { requestRelease } from "@/server/releases/request-release";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { passVerification, startVerifiableWorld, verifiableSolutionBody, type VerifiableWorld } from "@/test/support/pass-verification";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

/**
 * Requests that cannot undo each other (issue 14): a request records the release it was built
 * on; approving one that replaces the document after another release changed it is refused
 * (409 naming that release) until the requester re-bases it; versions-only releases do not make
 * it stale; a second pending request with the same base and content is refused (409 naming the
 * first); and no release, whatever it changes, publishes a split that misses the app's buckets.
 */
let database: Database;
let world: VerifiableWorld;
const people = {} as Record<"editor" | "editor2" | "reviewer" | "reviewer2", TestPerson>;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await startVerifiableWorld(database.db);
  installAsProcessDatabase(database);
  people.editor = await createPerson(database.db, "editor");
  people.editor2 = await createPerson(database.db, "editor");
  people.reviewer = await createPerson(database.db, "reviewer");
  people.reviewer2 = await createPerson(database.db, "reviewer");
});

afterAll(async () => {
  await world?.close();
  await database?.close();
});

type Who = keyof typeof people;
function call(handler: RouteHandler, who: Who, pathname: string, opts: Omit<CallOptions, "cookie"> = {}) {
  return callRoute(handler, pathname, { ...opts, cookie: people[who].cookie });
}

// The model names a version key (the candidate's versions resolve it): approval takes a passed
// verification (test/support/pass-verification.ts), and every request carries VERSION_KEYS.
const solution = (name: string, buckets: number[], version = "lr_v1") => ({
  [name]: { ...verifiableSolutionBody(buckets), model: { name: "favpush_lr", version } },
});
/** A valid document for a 4-bucket app; `version` tells documents apart. */
const doc = (app: string, version: string) => ({ app_name: app, solutions: [solution("v1", [0, 1], version), solution("v2", [2, 3])] });

let apps = 0;
async function newApp(): Promise<string> {
  const app = `base-${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 4, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  return app;
}

const VERSION_KEYS = { lr_v1: "20200116", lr_v2: "20200116", lr_v3: "20200116" };
async function ask(app: string, change: { document?: unknown; versions?: Record<string, string> }, who: Who = "editor") {
  const withKeys = change.document === undefined ? change : { ...change, versions: { ...VERSION_KEYS, ...change.versions } };
  return call(releasesRoute.POST, who, `/api/v1/apps/${app}/releases`, { method: "POST", params: { app }, body: { comment: "please", change: withKeys } });
}
async function askOk(app: string, change: { document?: unknown; versions?: Record<string, string> }, who: Who = "editor"): Promise<ChangeRequest> {
  const res = await ask(app, change, who);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.changeRequest as unknown as ChangeRequest;
}
const approve = (id: string, who: Who = "reviewer") =>
  call(approveRoute.POST, who, `/api/v1/change-requests/${id}/approve`, { method: "POST", params: { id }, body: { comment: "ok" } });
async function approveOk(id: string, who: Who = "reviewer"): Promise<ChangeRequest> {
  await passVerification(database.db, id, people.editor.actor);
  const res = await approve(id, who);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as unknown as ChangeRequest;
}
const rebase = (id: string, version: number, who: Who = "editor") =>
  call(rebaseRoute.POST, who, `/api/v1/change-requests/${id}/rebase`, { method: "POST", params: { id }, body: { version } });
const read = async (id: string) => (await call(changeRequestRoute.GET, "reviewer", `/api/v1/change-requests/${id}`, { params: { id } })).json as unknown as ChangeRequestListItem;
const releaseOf = async (app: string, request: ChangeRequest) => {
  const id = (request.outcome as { releaseId: string }).releaseId;
  return (await call(releaseRoute.GET, "editor", `/api/v1/apps/${app}/releases/${id}`, { params: { app, id } })).json as unknown as ReleaseDetail;
};
/** An app with a first release (doc "lr_v1"). */
async function releasedApp(): Promise<string> {
  const app = await newApp();
  await approveOk((await askOk(app, { document: doc(app, "lr_v1") })).id);
  return app;
}
/** A DAG output node's automatic release: versions only, never reviewed. */
const automatic = (app: string, versions: Record<string, string>) => requestRelease(database.db, { actor: SYSTEM, app, comment: "dag", change: { versions }, automatic: true });

/** Everything a refused call must leave as it was. */
async function snapshot() {
  const db = database.db;
  const [[requests], [made], [queued], [audited], [decisions]] = await Promise.all([
    db.select({ n: count() }).from(changeRequests),
    db.select({ n: count() }).from(releases),
    db.select({ n: count() }).from(outbox),
    db.select({ n: count() }).from(auditLog),
    db.select({ n: count() }).from(approvals),
  ]);
  const rows = await db
    .select({ id: changeRequests.id, state: changeRequests.state, version: changeRequests.version, payload: changeRequests.payload, diff: changeRequests.diff })
    .from(changeRequests)
    .orderBy(asc(changeRequests.createdAt));
  return { requests: requests!.n, releases: made!.n, outbox: queued!.n, audit: audited!.n, approvals: decisions!.n, rows };
}

describe("a request built on an older release", () => {
  it("is refused (409 naming the newer release) when a release since changed the document, and nothing changes", async () => {
    const app = await releasedApp();
    const older = await askOk(app, { document: doc(app, "lr_v2") });
    const newer = await askOk(app, { document: doc(app, "lr_v3") });
    const second = await releaseOf(app, await approveOk(newer.id));
    expect(second.seq).toBe(2);

    const before = await snapshot();
    const refused = await approve(older.id);
    expect(refused.status, JSON.stringify(refused.json)).toBe(409);
    expect(refused.json.error?.message).toMatch(/Release #2 changed the solutions document/);
    expect(refused.json.error?.details).toMatchObject({ id: older.id, newerRelease: { releaseId: second.id, seq: 2 } });
    expect(await snapshot()).toEqual(before);
    // The Approvals page shows it stale, naming the release.
    expect((await read(older.id)).newerRelease).toEqual({ releaseId: second.id, seq: 2 });
    expect((await read(older.id)).state).toBe("pending");
    const listed = await call(changeRequestsRoute.GET, "reviewer", "/api/v1/change-requests", { query: { app } });
    const items = (listed.json as unknown as { requests: ChangeRequestListItem[] }).requests;
    expect(items.find((r) => r.id === older.id)?.newerRelease).toEqual({ releaseId: second.id, seq: 2 });
  });

  it("a change of the app block alone (in the document) makes it stale too", async () => {
    const app = await releasedApp();
    const pending = await askOk(app, { document: doc(app, "lr_v2") });
    // A new salt is pending until a publish carries it: a second request of the live solutions
    // with the new salt, approved, is a release that changes nothing but the document's app block.
    const current = await getApp(database.db, app);
    await updateApp(database.db, { actor: SYSTEM, name: app, input: { description: "", bucketCount: 4, hashKey: current.hashKey, salt: "pepper", originFields: current.originFields, version: current.version } });
    const saltOnly = await releaseOf(app, await approveOk((await askOk(app, { document: doc(app, "lr_v1") }, "editor2")).id));
    expect((saltOnly.content.document as { app: { salt: string } }).app.salt).toBe("pepper");
    const refused = await approve(pending.id);
    expect(refused.status, JSON.stringify(refused.json)).toBe(409);
  });

  it("is not stale after versions-only releases: they merge, and its document goes out", async () => {
    const app = await releasedApp();
    const pending = await askOk(app, { document: doc(app, "lr_v2") });
    const dag = await automatic(app, { "favpush.vec": "20240105" });
    expect(dag.release?.seq).toBe(2);
    expect((await read(pending.id)).newerRelease).toBeNull();
    const release = await releaseOf(app, await approveOk(pending.id));
    expect(release.seq).toBe(3);
    expect(release.content.versions).toEqual({ ...VERSION_KEYS, "favpush.vec": "20240105" });
    expect((release.content.document as { solutions: unknown[] }).solutions).toEqual(doc(app, "lr_v2").solutions);
  });

  it("a versions-only request is never stale", async () => {
    const app = await releasedApp();
    const pending = await askOk(app, { versions: { vec: "2" } });
    await approveOk((await askOk(app, { document: doc(app, "lr_v3") })).id);
    const release = await releaseOf(app, await approveOk(pending.id));
    expect(release.content.versions).toEqual({ ...VERSION_KEYS, vec: "2" });
  });
});

describe("re-basing a stale request", () => {
  it("rebuilds it on the latest release (diff again, approvals withdrawn); then it can be approved", async () => {
    const app = await releasedApp();
    const settings = await call(settingsRoute.GET, "reviewer", `/api/v1/apps/${app}/release-settings`, { params: { app } });
    const put = await callRoute(settingsRoute.PUT, `/api/v1/apps/${app}/release-settings`, {
      method: "PUT",
      params: { app },
      cookie: (await createPerson(database.db, "admin")).cookie,
      body: { requiresApproval: true, requiredApprovals: 2, version: (settings.json as { version: number }).version },
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const older = await askOk(app, { document: doc(app, "lr_v2") });
    expect((await approveOk(older.id)).approvalCount).toBe(1);
    const newer = await askOk(app, { document: doc(app, "lr_v3") });
    await approveOk(newer.id, "reviewer");
    const second = await releaseOf(app, await approveOk(newer.id, "reviewer2"));
    expect((await approve(older.id, "reviewer2")).status).toBe(409);

    // Only its requester re-bases it; a stale version number is refused; nothing changes.
    const before = await snapshot();
    expect((await rebase(older.id, older.version, "editor2")).status).toBe(403);
    expect((await rebase(older.id, older.version + 5)).status).toBe(409);
    expect(await snapshot()).toEqual(before);

    const res = await rebase(older.id, older.version);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const rebased = res.json as unknown as ChangeRequest;
    expect(rebased).toMatchObject({ state: "pending", approvalCount: 0, revision: 2 });
    expect(rebased.approvals.every((a) => a.withdrawnAt !== null)).toBe(true);
    expect((rebased.payload as { baseReleaseId: string }).baseReleaseId).toBe(second.id);
    // The diff is against release #2 (lr_v3) now, not #1.
    expect(JSON.stringify(rebased.diff)).toContain("lr_v3");
    expect((await read(older.id)).newerRelease).toBeNull();
    // Already on the latest: nothing to re-base.
    expect((await rebase(older.id, rebased.version)).status).toBe(422);

    await approveOk(older.id, "reviewer");
    const third = await releaseOf(app, await approveOk(older.id, "reviewer2"));
    expect(third.seq).toBe(3);
    expect((third.content.document as { solutions: unknown[] }).solutions).toEqual(doc(app, "lr_v2").solutions);
  });

  it("is refused for a request already decided", async () => {
    const app = await releasedApp();
    const pending = await askOk(app, { document: doc(app, "lr_v2") });
    const done = await approveOk((await askOk(app, { document: doc(app, "lr_v3") })).id);
    expect((await rebase(done.id, done.version)).status).toBe(409);
    expect((await rebase(pending.id, pending.version)).status).toBe(200);
  });
});

describe("a second pending request with the same base and content", () => {
  it("is refused (409 naming the first) for a publish, and nothing changes", async () => {
    const app = await releasedApp();
    const first = await askOk(app, { document: doc(app, "lr_v2") });
    const before = await snapshot();
    const again = await ask(app, { document: doc(app, "lr_v2") }, "editor2");
    expect(again.status, JSON.stringify(again.json)).toBe(409);
    expect(again.json.error?.message).toContain(first.title);
    expect(again.json.error?.details).toMatchObject({ changeRequestId: first.id });
    expect(await snapshot()).toEqual(before);
    // Another content is a request of its own; editing it into the first's content is refused too.
    const other = await askOk(app, { document: doc(app, "lr_v3") });
    const beforeEdit = await snapshot();
    const edited = await call(changeRequestRoute.PATCH, "editor", `/api/v1/change-requests/${other.id}`, {
      method: "PATCH",
      params: { id: other.id },
      body: { version: other.version, comment: "same as the first after all", change: { document: doc(app, "lr_v2") } },
    });
    expect(edited.status, JSON.stringify(edited.json)).toBe(409);
    expect(edited.json.error?.details).toMatchObject({ changeRequestId: first.id });
    expect(await snapshot()).toEqual(beforeEdit);
  });

  it("is refused for a versions-only publish and for a rollback", async () => {
    const app = await releasedApp();
    const versions = await askOk(app, { versions: { vec: "7" } });
    const again = await ask(app, { versions: { vec: "7" } });
    expect(again.status).toBe(409);
    expect(again.json.error?.details).toMatchObject({ changeRequestId: versions.id });

    const firstRelease = (await database.db.select({ id: releases.id, app: releases.app }).from(releases)).find((r) => r.app === app)!;
    await approveOk((await askOk(app, { document: doc(app, "lr_v3") })).id);
    const rollback = () =>
      call(rollbackRoute.POST, "editor", `/api/v1/apps/${app}/releases/${firstRelease.id}/rollback`, { method: "POST", params: { app, id: firstRelease.id }, body: { comment: "back" } });
    const one = await rollback();
    expect(one.status, JSON.stringify(one.json)).toBe(201);
    const before = await snapshot();
    const two = await rollback();
    expect(two.status, JSON.stringify(two.json)).toBe(409);
    expect(two.json.error?.details).toMatchObject({ changeRequestId: (one.json.changeRequest as unknown as ChangeRequest).id });
    expect(await snapshot()).toEqual(before);
  });
});

describe("a release whose split does not cover the app's buckets", () => {
  it("is refused, whatever it changes: a document that misses a bucket of the block it publishes", async () => {
    const app = await releasedApp();
    const before = await snapshot();
    const gap = { app_name: app, solutions: [solution("v1", [0, 1]), solution("v2", [2])] };
    const res = await ask(app, { document: gap });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error?.message).toBe("Invalid bucket split: bucket 3 belongs to no solution");
    expect(await snapshot()).toEqual(before);
  });

  it("a versions-only release after a bucket-count change keeps the live block and split (the new count waits for a reviewed publish)", async () => {
    const app = await releasedApp();
    const current = await getApp(database.db, app);
    await updateApp(database.db, { actor: SYSTEM, name: app, input: { description: "", bucketCount: 5, hashKey: current.hashKey, originFields: current.originFields, version: current.version } });
    const dag = await automatic(app, { vec: "9" });
    const id = dag.release!.id;
    const release = (await call(releaseRoute.GET, "editor", `/api/v1/apps/${app}/releases/${id}`, { params: { app, id } })).json as unknown as ReleaseDetail;
    expect((release.content.document as { app: { bucket_count: number } }).app.bucket_count).toBe(4);
    expect(release.content.versions).toEqual({ ...VERSION_KEYS, vec: "9" });
  });
});
