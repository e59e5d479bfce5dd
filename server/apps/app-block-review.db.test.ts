import { settleVerifications } from "@/server/verification/run-verification";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as appRoute from "@/app/api/v1/apps/[app]/route";
import * as releasesRoute from "@/app/api/v1/apps/[app]/releases/route";
import * as releaseRoute from "@/app/api/v1/apps/[app]/releases/[id]/route";
import * as settingsRoute from "@/app/api/v1/apps/[app]/release-settings/route";
import * as changeRequestsRoute from "@/app/api/v1/change-requests/route";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import { DAG_ENGINE } from "@/server/dag/engine/engine-actor";
import type { ChangeRequest } from "@/server/contracts/approvals";
import type { AppDetail } from "@/server/contracts/apps";
import type { ReleaseDetail, ReleaseSettings } from "@/server/contracts/releases";
import { requestRelease } from "@/server/releases/request-release";
import { startKit, type Kit } from "@/server/solutions/solutions-test-kit";
import { appBlockChanges } from "@/sdk/src/core/solutions/app-block-change";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { favpushVersions } from "@/db/seed/favpush";
import { passVerification } from "@/test/support/pass-verification";
import { createPerson, type TestPerson } from "@/test/support/people";

/**
 * The app block (salt, hash key, bucket count) reaches scoring services only with a reviewed
 * publish: an app's saved bucket settings are pending, releases nobody reviews (automatic DAG
 * releases, versions-only publishes, rollbacks) keep the live block, and the next publish of the
 * draft carries the pending settings, its diff and its review saying what they do to traffic.
 * And the settings that decide what review sees (how many approvals a publish needs) are
 * changed by admins only.
 */
let kit: Kit;
const people = {} as Record<"reviewer" | "admin", TestPerson>;

beforeAll(async () => {
  // Approval takes a passed verification: the dev model server and favpush's fg and models.
  kit = await startKit({ verifiable: true });
  people.reviewer = await createPerson(kit.database.db, "reviewer");
  people.admin = await createPerson(kit.database.db, "admin");
});
afterAll(async () => kit?.close());

type Who = "editor" | "reviewer" | "admin";
const cookieOf = (who: Who) => (who === "editor" ? kit.editor.cookie : people[who].cookie);
async function call(handler: RouteHandler, who: Who, path: string, opts: Omit<CallOptions, "cookie"> = {}) {
  return callRoute(handler, path, { ...opts, cookie: cookieOf(who) });
}

async function appDetail(app: string): Promise<AppDetail> {
  const res = await call(appRoute.GET, "editor", `/api/v1/apps/${app}`, { params: { app } });
  expect(res.status).toBe(200);
  return res.json as unknown as AppDetail;
}

/** The editor saves new bucket settings on the app's page (PUT /api/v1/apps/{app}). */
async function editBuckets(app: string, patch: { salt?: string; bucketCount?: number }): Promise<AppDetail> {
  const current = await appDetail(app);
  const res = await call(appRoute.PUT, "editor", `/api/v1/apps/${app}`, {
    method: "PUT",
    params: { app },
    body: { description: current.description, bucketCount: current.bucketCount, hashKey: current.hashKey, salt: current.salt, originFields: current.originFields, version: current.version, ...patch },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as unknown as AppDetail;
}

async function publishDraft(app: string): Promise<ChangeRequest> {
  const draft = await kit.call("list", { app });
  const res = await kit.call("publish", { app, method: "POST", body: { version: (draft.json as { version: number }).version, comment: "publish the draft" } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.changeRequest as unknown as ChangeRequest;
}

async function approve(request: ChangeRequest): Promise<ReleaseDetail> {
  await passVerification(kit.database.db, request.id);
  const res = await call(approveRoute.POST, "reviewer", `/api/v1/change-requests/${request.id}/approve`, { method: "POST", params: { id: request.id }, body: { comment: "ok" } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  const releaseId = ((res.json as unknown as ChangeRequest).outcome as { releaseId: string }).releaseId;
  return release(request.app, releaseId);
}

async function release(app: string, id: string): Promise<ReleaseDetail> {
  const res = await call(releaseRoute.GET, "editor", `/api/v1/apps/${app}/releases/${id}`, { params: { app, id } });
  expect(res.status).toBe(200);
  return res.json as unknown as ReleaseDetail;
}

/** What a DAG output node does: an automatic, versions-only release. */
async function automaticRelease(app: string, versions: Record<string, string>): Promise<ReleaseDetail> {
  const result = await requestRelease(kit.database.db, { actor: DAG_ENGINE, app, comment: "Version DAG", change: { versions }, automatic: true });
  expect(result.release).not.toBeNull();
  return release(app, result.release!.id);
}

const blockOf = (r: ReleaseDetail) => (r.content.document as { app: unknown }).app;
const appPaths = (diff: unknown) => (diff as { changes: { path: string }[] }).changes.map((c) => c.path).filter((p) => p.startsWith("document.app."));

/** An app with v1 (buckets 0-2) and v2 (3-9) published and live (release #2: the versions they name are #1). */
async function publishedApp(): Promise<string> {
  const app = await kit.appWithSolutions("block");
  await kit.releaseVersions(app);
  const first = await approve(await publishDraft(app));
  expect(blockOf(first)).toEqual({ bucket_count: 10, hash_key: "uid", salt: app });
  return app;
}

describe("the app block goes out only with a reviewed publish", () => {
  it("a salt change is pending: not in an automatic release nor a versions-only publish, then in the next publish request, its diff and its review", async () => {
    const app = await publishedApp();
    const before = await kit.snapshot(app);
    const edited = await editBuckets(app, { salt: "q4" });
    // Saving settings releases nothing and asks nobody.
    expect(await kit.snapshot(app)).toMatchObject({ releases: (before as { releases: number }).releases, changeRequests: (before as { changeRequests: number }).changeRequests });
    // The page shows pending (the app's own) and live side by side.
    expect(edited).toMatchObject({ salt: "q4", live: { salt: app, bucketCount: 10, hashKey: "uid", releaseSeq: 2 } });
    expect(await appDetail(app)).toMatchObject({ salt: "q4", live: { salt: app, releaseSeq: 2 } });

    const automatic = await automaticRelease(app, { [`${app}_vec`]: "20240105" });
    expect(blockOf(automatic)).toEqual({ bucket_count: 10, hash_key: "uid", salt: app });
    expect(appPaths(automatic.diff)).toEqual([]);

    // A person's versions-only publish does not carry the block either: it travels with the document.
    const versionsOnly = await call(releasesRoute.POST, "editor", `/api/v1/apps/${app}/releases`, { method: "POST", params: { app }, body: { comment: "vectors", change: { versions: { [`${app}_vec`]: "20240106" } } } });
    expect(versionsOnly.status, JSON.stringify(versionsOnly.json)).toBe(201);
    const versionsRequest = versionsOnly.json.changeRequest as unknown as ChangeRequest;
    expect(appPaths(versionsRequest.diff)).toEqual([]);
    expect(blockOf(await approve(versionsRequest))).toEqual({ bucket_count: 10, hash_key: "uid", salt: app });
    expect((await appDetail(app)).live).toMatchObject({ salt: app, releaseSeq: 4 });

    // The draft did not change, yet the pending salt is something to publish.
    const diff = await kit.call("diff", { app });
    expect(diff.json).toMatchObject({ changes: true });
    const request = await publishDraft(app);
    expect((request.diff as { changes: unknown[] }).changes).toEqual([{ path: "document.app.salt", kind: "changed", before: app, after: "q4" }]);
    // The review (the Approvals list) shows it, and what it does.
    const listed = await call(changeRequestsRoute.GET, "reviewer", "/api/v1/change-requests", { query: { app } });
    const shown = (listed.json as unknown as { requests: ChangeRequest[] }).requests.find((r) => r.id === request.id)!;
    const [saltChange] = appBlockChanges(shown.diff as never);
    expect(saltChange).toMatchObject({ setting: "salt", before: app, after: "q4" });
    expect(saltChange!.effect).toMatch(/moves nearly every user to another bucket/);

    const published = await approve(request);
    expect(blockOf(published)).toEqual({ bucket_count: 10, hash_key: "uid", salt: "q4" });
    // The versions the DAG and the person wrote meanwhile are kept.
    expect(published.content.versions).toEqual({ ...favpushVersions(), [`${app}_vec`]: "20240106" });
    expect((await appDetail(app)).live).toMatchObject({ salt: "q4", releaseSeq: 5 });
  });

  it("a request publishes the bucket settings it was reviewed with: a salt saved after it was asked stays pending", async () => {
    const app = await publishedApp();
    const split = await kit.call("split", { app, method: "PUT", body: { version: 1, buckets: { v1: [0, 1, 2, 3], v2: [4, 5, 6, 7, 8, 9] } } });
    expect(split.status, JSON.stringify(split.json)).toBe(200);
    const request = await publishDraft(app);
    expect(appPaths(request.diff)).toEqual([]);
    await editBuckets(app, { salt: "later" });
    const published = await approve(request);
    expect(blockOf(published)).toEqual({ bucket_count: 10, hash_key: "uid", salt: app });
    expect(await appDetail(app)).toMatchObject({ salt: "later", live: { salt: app, releaseSeq: 3 } });
  });

  it("a bucket-count change: automatic releases keep the live count and split; the next publish carries the count with a split made for it", async () => {
    const app = await publishedApp();
    await editBuckets(app, { bucketCount: 20 });
    const automatic = await automaticRelease(app, { [`${app}_vec`]: "20240107" });
    expect(blockOf(automatic)).toEqual({ bucket_count: 10, hash_key: "uid", salt: app });
    expect((automatic.content.document as { solutions: unknown[] }).solutions).toHaveLength(2);

    // The draft must cover 20 buckets before it can be published.
    const twenty = Array.from({ length: 20 }, (_, i) => i);
    const split = await kit.call("split", { app, method: "PUT", body: { version: 1, buckets: { v1: twenty.slice(0, 6), v2: twenty.slice(6) } } });
    expect(split.status, JSON.stringify(split.json)).toBe(200);
    const request = await publishDraft(app);
    expect(request.diff).toMatchObject({ changes: expect.arrayContaining([{ path: "document.app.bucket_count", kind: "changed", before: 10, after: 20 }]) });
    const [countChange] = appBlockChanges(request.diff as never);
    expect(countChange!.effect).toMatch(/from 10 to 20 buckets moves about \d+% of users/);
    const published = await approve(request);
    expect(blockOf(published)).toEqual({ bucket_count: 20, hash_key: "uid", salt: app });
    expect(published.content.versions).toEqual({ ...favpushVersions(), [`${app}_vec`]: "20240107" });
  });

  it("the app's first release carries its settings; before it the page shows nothing live", async () => {
    const app = await kit.appWithSolutions("first");
    expect((await appDetail(app)).live).toBeNull();
    const automatic = await automaticRelease(app, { [`${app}_vec`]: "1" });
    expect(blockOf(automatic)).toEqual({ bucket_count: 10, hash_key: "uid", salt: app });
  });
});

describe("approval settings (how many reviewers a publish needs)", () => {
  it.each(["editor", "reviewer"] as const)("the %s cannot change them: 403, nothing changed", async (who) => {
    const app = await kit.appWithSolutions("approvals");
    const read = async () => (await call(settingsRoute.GET, "admin", `/api/v1/apps/${app}/release-settings`, { params: { app } })).json as unknown as ReleaseSettings;
    const before = await read();
    // Runs started by earlier steps (a release's verification and its audit row) end first.
    await settleVerifications();
    const snapshot = await kit.snapshot(app);
    const res = await call(settingsRoute.PUT, who, `/api/v1/apps/${app}/release-settings`, {
      method: "PUT",
      params: { app },
      body: { requiresApproval: false, requiredApprovals: 1, version: before.version },
    });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("forbidden");
    expect(await read()).toEqual(before);
    expect(await kit.snapshot(app)).toEqual(snapshot);
  });

  it("an admin can", async () => {
    const app = await kit.appWithSolutions("approvals");
    const res = await call(settingsRoute.PUT, "admin", `/api/v1/apps/${app}/release-settings`, {
      method: "PUT",
      params: { app },
      body: { requiresApproval: true, requiredApprovals: 2, version: 0 },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ requiredApprovals: 2, version: 1 });
  });
});
