import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import * as changeRequestRoute from "@/app/api/v1/change-requests/[id]/route";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import * as rejectRoute from "@/app/api/v1/change-requests/[id]/reject/route";
import * as withdrawRoute from "@/app/api/v1/change-requests/[id]/withdraw/route";
import * as releasesRoute from "@/app/api/v1/apps/[app]/releases/route";
import * as releaseRoute from "@/app/api/v1/apps/[app]/releases/[id]/route";
import * as settingsRoute from "@/app/api/v1/apps/[app]/release-settings/route";
import type { Database } from "@/db/client";
import { auditLog, changeRequests, outbox, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { getApp } from "@/server/apps/get-app";
import { updateApp } from "@/server/apps/update-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import type { ChangeRequest } from "@/server/contracts/approvals";
import type { ReleaseDetail } from "@/server/contracts/releases";
import { createDispatcher, type Dispatcher } from "@/server/outbox/create-dispatcher";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { waitUntil } from "@/test/support/etcd";
import { createPerson, type TestPerson } from "@/test/support/people";
import { passVerification, startVerifiableWorld, verifiableSolutionBody, type VerifiableWorld } from "@/test/support/pass-verification";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

/**
 * What a publish request may carry and what it leaves behind, through the real route handlers:
 * a document is checked like an import before anything is written; an app that needs no
 * approval is delivered at once (and a waiting scoring service hears of it at once); every step
 * of a change request is audited.
 */
let database: Database;
let world: VerifiableWorld;
let center: ConfigCenter;
let dispatcher: Dispatcher;
let configToken: string;
const people = {} as Record<"editor" | "reviewer" | "admin", TestPerson>;
/** Refused requests go to this app; a test that changes an app's state makes its own (newApp). */
const APP = "checked";

beforeAll(async () => {
  database = await createTestDatabase();
  world = await startVerifiableWorld(database.db);
  installAsProcessDatabase(database);
  people.editor = await createPerson(database.db, "editor");
  people.reviewer = await createPerson(database.db, "reviewer");
  people.admin = await createPerson(database.db, "admin");
  configToken = (await issueToken(database.db, { actor: SYSTEM, input: { name: "scoring-service", scopes: ["config:read"] } })).secret;
  await createApp(database.db, { actor: SYSTEM, input: { name: APP, bucketCount: 4, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  center = createBuiltinConfigCenter({ db: database.db });
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: "builtin" });
  // Not about delivery's re-check of the references (held-releases.db.test.ts is): no model server here.
  dispatcher = createDispatcher({ db: database.db, center, pollMs: 50, retry: { minMs: 50, maxMs: 500 } , recheckReferences: false });
  dispatcher.start();
});

afterAll(async () => {
  await dispatcher?.stop();
  await center?.close();
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
  await world?.close();
  await database?.close();
});

type Who = keyof typeof people;
function call(handler: RouteHandler, who: Who, pathname: string, opts: Omit<CallOptions, "cookie"> = {}) {
  return callRoute(handler, pathname, { ...opts, cookie: people[who].cookie });
}

// What the verifiable world holds: approval takes a passed verification (test/support/pass-verification.ts).
const solution = (name: string, buckets: number[]) => ({ [name]: verifiableSolutionBody(buckets) });
const validFor = (app: string) => ({ app_name: app, solutions: [solution("v1", [0, 1]), solution("v2", [2, 3])] });
const VALID = validFor(APP);

function publish(document: unknown, who: Who = "editor", comment = "ship it", app = APP) {
  return call(releasesRoute.POST, who, `/api/v1/apps/${app}/releases`, { method: "POST", params: { app }, body: { comment, change: { document } } });
}

let apps = 0;
/** An app of the test's own, shaped like APP: no test depends on what another left behind. */
async function newApp(): Promise<string> {
  const app = `requests-${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 4, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  return app;
}

/** Everything a refused request must leave as it was. */
async function snapshot() {
  const db = database.db;
  const [[requests], [made], [queued], [audited]] = await Promise.all([
    db.select({ n: count() }).from(changeRequests),
    db.select({ n: count() }).from(releases),
    db.select({ n: count() }).from(outbox),
    db.select({ n: count() }).from(auditLog),
  ]);
  const pending = await db.select({ id: changeRequests.id, version: changeRequests.version, payload: changeRequests.payload }).from(changeRequests).orderBy(asc(changeRequests.createdAt));
  return { requests: requests!.n, releases: made!.n, outbox: queued!.n, audit: audited!.n, pending };
}

const badDocuments: [what: string, document: unknown, status: number, message: RegExp, field?: string][] = [
  ["solutions that are not a list", { app_name: APP, solutions: {} }, 400, /Invalid solutions document: \$\.solutions: Expected an array of solutions/],
  ["a solution without its fg", { app_name: APP, solutions: [{ v1: { features: {}, model: { name: "lr", version: "1" }, buckets: [0, 1, 2, 3] } }] }, 400, /\$\.solutions\[0\]\.v1\.fg/],
  ["an unknown top-level field", { ...VALID, extra: 1 }, 400, /\$\.extra: Unknown field "extra"/],
  ["a bucket that is not a whole number", { app_name: APP, solutions: [solution("v1", [0, 1, 2, 3.5])] }, 400, /\$\.solutions\[0\]\.v1\.buckets\[3\]: A bucket is a whole number/],
  ["a split with a gap", { app_name: APP, solutions: [solution("v1", [0]), solution("v2", [3])] }, 422, /^Invalid bucket split: buckets 1-2 belong to no solution$/],
  [
    "a split with an overlap",
    { app_name: APP, solutions: [solution("v1", [0, 1, 2]), solution("v2", [2, 3])] },
    422,
    /^Invalid bucket split: bucket 2 belongs to several solutions: v1 and v2$/,
  ],
  ["a bucket the app does not have", { app_name: APP, solutions: [solution("v1", [0, 1, 2, 3, 4])] }, 422, /bucket 4 of v1 is outside 0-3/],
  ["another app's document", { ...VALID, app_name: "otherapp" }, 422, /The document is for app "otherapp", not "checked"/, "change.document.app_name"],
  [
    "bucket settings the app does not have",
    { ...VALID, app: { bucket_count: 8, hash_key: "uid", salt: APP } },
    422,
    /app\.bucket_count is 8 but checked's is 4/,
    "change.document.app.bucket_count",
  ],
];

describe("a publish's document is checked like an import, before anything is written", () => {
  it.each(badDocuments)("POST refuses %s and changes nothing", async (_, document, status, message, field) => {
    const before = await snapshot();
    const res = await publish(document);
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect(res.json.error?.message).toMatch(message);
    if (status === 400) expect(res.json.error?.details).toMatchObject({ field: "change.document", issues: expect.any(Array) });
    if (field) expect(res.json.error?.details).toMatchObject({ field });
    expect(await snapshot()).toEqual(before);
  });

  it("accepts a valid document (with or without the app's own bucket settings)", async () => {
    const app = await newApp();
    expect((await publish(validFor(app), "editor", "ship it", app)).status).toBe(201);
    // Another document (the same one again would be a duplicate of the pending request).
    const other = { app_name: app, solutions: [solution("v1", [0, 1, 2]), solution("v2", [3])] };
    const res = await publish({ ...other, app: { bucket_count: 4, hash_key: "uid", salt: app } }, "editor", "ship it", app);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  });

  /** The one pending request to publish VALID to APP (refused edits leave it as it was; a second would be a duplicate). */
  let pendingId: string | undefined;
  async function pendingRequest(): Promise<string> {
    if (pendingId) return pendingId;
    const res = await publish(VALID);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    pendingId = (res.json.changeRequest as unknown as ChangeRequest).id;
    return pendingId;
  }

  it.each(badDocuments)("PATCH of a pending request refuses %s and changes nothing", async (_, document, status, message) => {
    const pendingId = await pendingRequest();
    const before = await snapshot();
    const res = await call(changeRequestRoute.PATCH, "editor", `/api/v1/change-requests/${pendingId}`, {
      method: "PATCH",
      params: { id: pendingId },
      body: { version: 1, comment: "changed my mind", change: { document } },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect(res.json.error?.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it("a request publishes the bucket settings it was asked with: a bucket count saved after it stays pending", async () => {
    const target = await newApp();
    const asked = await publish({ ...validFor(target), app: { bucket_count: 4, hash_key: "uid", salt: target } }, "editor", "ship it", target);
    expect(asked.status, JSON.stringify(asked.json)).toBe(201);
    const pendingId = (asked.json.changeRequest as unknown as ChangeRequest).id;
    const app = await getApp(database.db, target);
    // The app grew a bucket after the request was made: the request's split was made for 4.
    await updateApp(database.db, { actor: people.admin.actor, name: target, input: { description: "", bucketCount: 5, hashKey: app.hashKey, originFields: app.originFields, version: app.version } });
    await passVerification(database.db, pendingId);
    const approved = await call(approveRoute.POST, "reviewer", `/api/v1/change-requests/${pendingId}/approve`, { method: "POST", params: { id: pendingId }, body: { comment: "ok" } });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    const releaseId = ((approved.json as unknown as ChangeRequest).outcome as { releaseId: string }).releaseId;
    const detail = (await call(releaseRoute.GET, "editor", `/api/v1/apps/${target}/releases/${releaseId}`, { params: { app: target, id: releaseId } })).json as unknown as ReleaseDetail;
    expect(detail.content.document).toEqual({ ...validFor(target), app: { bucket_count: 4, hash_key: "uid", salt: target } });
    expect((await getApp(database.db, target)).bucketCount).toBe(5);
  });
});

describe("an app that needs no approval", () => {
  it("is delivered without a change request, and a waiting long-poll answers as soon as it is", async () => {
    const APP = await newApp();
    const before = await call(settingsRoute.GET, "admin", `/api/v1/apps/${APP}/release-settings`, { params: { app: APP } });
    const settings = await call(settingsRoute.PUT, "admin", `/api/v1/apps/${APP}/release-settings`, {
      method: "PUT",
      params: { app: APP },
      body: { requiresApproval: false, requiredApprovals: 1, version: (before.json as { version: number }).version },
    });
    expect(settings.status, JSON.stringify(settings.json)).toBe(200);

    // What the scoring service holds: a first release, once delivered.
    expect((await publish(validFor(APP), "editor", "first", APP)).status).toBe(201);
    await waitUntil(async () => (await center.read(APP)) !== null, { what: "the first release to be delivered" });
    const held = await center.read(APP);
    // A scoring service waits for anything newer than what it holds, for up to 30 s.
    const startedAt = Date.now();
    const waiting = callRoute(configRoute.GET, `/api/config/v1/apps/${APP}`, { token: configToken, params: { app: APP }, query: { revision: String(held!.revision), wait: "30s" } });

    const [requestsBefore] = await database.db.select({ n: count() }).from(changeRequests);
    const res = await call(releasesRoute.POST, "editor", `/api/v1/apps/${APP}/releases`, {
      method: "POST",
      params: { app: APP },
      body: { comment: "vectors of the 5th", change: { versions: { vec: "20240105" } } },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.changeRequest).toBeNull();
    const release = res.json.release as unknown as { id: string; seq: number; approvers: unknown[]; changeRequestId: string | null };
    expect(release).toMatchObject({ seq: 2, approvers: [], changeRequestId: null });
    const [requestsAfter] = await database.db.select({ n: count() }).from(changeRequests);
    expect(requestsAfter!.n).toBe(requestsBefore!.n);

    const answer = await waiting;
    const waited = Date.now() - startedAt;
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ app: APP, releaseId: release.id, versions: { vec: "20240105" } });
    // Answered on delivery, far from the 30 s the client allowed (no tight bound: a loaded machine).
    expect(waited).toBeLessThan(10_000);

    // The center answered the waiting client the moment it took the release; marking it
    // delivered in the console's database follows right after.
    let detail: ReleaseDetail | null = null;
    await waitUntil(
      async () => {
        detail = (await call(releaseRoute.GET, "editor", `/api/v1/apps/${APP}/releases/${release.id}`, { params: { app: APP, id: release.id } })).json as unknown as ReleaseDetail;
        return detail.delivery.state === "delivered";
      },
      { what: "the release to be marked delivered" },
    );
    expect(detail!.delivery).toMatchObject({ state: "delivered", reason: null });
    expect(detail!.revision).toBe((answer.json as { revision: number }).revision);
    const audited = await database.db.select().from(auditLog).where(eq(auditLog.target, `${APP}#2`)).orderBy(asc(auditLog.id));
    expect(audited.map((row) => [row.kind, row.action, row.actorName])).toEqual([
      ["release", "create", people.editor.actor.email],
      // Made without review, it was held until its verification passed (docs/verification.md).
      ["release", "verified", "system"],
      ["release", "deliver", "system"],
    ]);
  });
});

describe("every step of a change request is audited", () => {
  // An app with a first release: the requests below change only its versions.
  let APP: string;
  beforeAll(async () => {
    APP = await newApp();
    const asked = await publish(validFor(APP), "editor", "first", APP);
    const id = (asked.json.changeRequest as unknown as ChangeRequest).id;
    await passVerification(database.db, id);
    const approved = await call(approveRoute.POST, "reviewer", `/api/v1/change-requests/${id}/approve`, { method: "POST", params: { id }, body: { comment: "ok" } });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
  });

  async function trail(id: string) {
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.target, id)).orderBy(asc(auditLog.id));
    return rows.map((row) => ({ kind: row.kind, action: row.action, actor: row.actorName, app: row.app }));
  }
  const ask = async (versions: Record<string, string>) => {
    const res = await call(releasesRoute.POST, "editor", `/api/v1/apps/${APP}/releases`, { method: "POST", params: { app: APP }, body: { comment: "please", change: { versions } } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return (res.json.changeRequest as unknown as ChangeRequest).id;
  };
  const step = (action: string, who: Who) => ({ kind: "change_request", action, actor: people[who].actor.email, app: APP });

  it("create, edit, approve (and the apply that makes the release)", async () => {
    const id = await ask({ vec: "20240106" });
    const edited = await call(changeRequestRoute.PATCH, "editor", `/api/v1/change-requests/${id}`, {
      method: "PATCH",
      params: { id },
      body: { version: 1, comment: "the 7th instead", change: { versions: { vec: "20240107" } } },
    });
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    await passVerification(database.db, id);
    const approved = await call(approveRoute.POST, "reviewer", `/api/v1/change-requests/${id}/approve`, { method: "POST", params: { id }, body: { comment: "ok" } });
    expect(approved.json).toMatchObject({ state: "approved" });
    expect(await trail(id)).toEqual([step("create", "editor"), step("edit", "editor"), step("approve", "reviewer"), step("apply", "reviewer")]);
  });

  it("create, reject", async () => {
    const id = await ask({ vec: "20240108" });
    const rejected = await call(rejectRoute.POST, "reviewer", `/api/v1/change-requests/${id}/reject`, { method: "POST", params: { id }, body: { comment: "not today" } });
    expect(rejected.json).toMatchObject({ state: "rejected" });
    expect(await trail(id)).toEqual([step("create", "editor"), step("reject", "reviewer")]);
  });

  it("create, withdraw", async () => {
    const id = await ask({ vec: "20240109" });
    const withdrawn = await call(withdrawRoute.POST, "editor", `/api/v1/change-requests/${id}/withdraw`, { method: "POST", params: { id } });
    expect(withdrawn.status, JSON.stringify(withdrawn.json)).toBe(200);
    expect(await trail(id)).toEqual([step("create", "editor"), step("withdraw", "editor")]);
  });
});
