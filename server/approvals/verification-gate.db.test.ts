import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import * as rejectRoute from "@/app/api/v1/change-requests/[id]/reject/route";
import * as changeRequestRoute from "@/app/api/v1/change-requests/[id]/route";
import * as verifyRoute from "@/app/api/v1/change-requests/[id]/verify/route";
import * as releaseRoute from "@/app/api/v1/apps/[app]/releases/[id]/route";
import * as reportRoute from "@/app/api/v1/verification-reports/[id]/route";
import type { Database } from "@/db/client";
import { auditLog, verificationReports } from "@/db/schema";
import { seedFavpushWorld } from "@/db/seed";
import { favpushArticleDocument, favpushCfGoods, favpushVersions } from "@/db/seed/favpush";
import { closedPort } from "@/model-server/test-support";
import { SYSTEM } from "@/server/auth/actor";
import type { ChangeRequestListItem } from "@/server/contracts/approvals";
import type { ReleaseDetail } from "@/server/contracts/releases";
import type { VerificationReport } from "@/server/contracts/verification";
import { deregisterInstance } from "@/server/registry/deregister-instance";
import { registerInstance } from "@/server/registry/register-instance";
import { requestRelease } from "@/server/releases/request-release";
import { createSampleRequest } from "@/server/samples/create-sample-request";
import { deleteSampleRequest } from "@/server/samples/delete-sample-request";
import { latestReport } from "@/server/verification/get-report";
import { waitForVerification } from "@/server/verification/run-verification";
import type { CallOptions, RouteHandler } from "@/test/support/call-route";
import { startFavpushStack, type FavpushStack } from "@/test/support/favpush-stack";

/**
 * Verification gates approval (docs/verification.md, Approval), over the real stack: the favpush
 * world's tables, rows, fg packages and models, the dev model server over gRPC, the real route
 * handlers. Each test has an app of its own (its own sample requests), so none depends on another.
 */
let stack: FavpushStack<"editor" | "reviewer" | "admin">;
let database: Database;
let people: typeof stack.people;

/** A pair with a graph_cf map: every feature of both solutions is found. */
const withCf = (uid: number) => ({ uid, goods_id: favpushCfGoods(uid)[0]! });

beforeAll(async () => {
  stack = await startFavpushStack(["editor", "reviewer", "admin"], { uids: { from: 200, to: 239 } });
  ({ database, people } = stack);
}, 120_000);

afterAll(() => stack?.close());

type Who = keyof typeof people;
const call = (handler: RouteHandler, who: Who, pathname: string, opts: Omit<CallOptions, "cookie"> = {}) => stack.call(handler, who, pathname, opts);

let apps = 0;
/** An app of the test's own (favpush's fields), with these sample requests. */
async function newApp(samples: Record<string, unknown>[]): Promise<string> {
  const app = `gate_${++apps}`;
  await seedFavpushWorld(database.db, { parts: ["app"], app: { name: app, salt: "favpush" } });
  for (const [i, origin] of samples.entries()) await createSampleRequest(database.db, { actor: SYSTEM, app, input: { name: `sample ${i}`, origin } });
  return app;
}

/** The editor asks to publish the articles' solutions and versions; resolves once its first verification has finished. */
async function requestPublish(app: string): Promise<{ id: string; report: VerificationReport }> {
  const { changeRequest } = await requestRelease(database.db, {
    actor: people.editor.actor,
    app,
    comment: "ship it",
    change: { document: { ...favpushArticleDocument(), app_name: app }, versions: favpushVersions() },
  });
  const id = changeRequest!.id;
  const started = await latestReport(database.db, { kind: "change_request", id });
  expect(started).toMatchObject({ subject: { kind: "change_request", id, revision: 1 } });
  return { id, report: (await waitForVerification(started!.id)) ?? (await latestReport(database.db, { kind: "change_request", id }))! };
}

const approve = (id: string, who: Who = "reviewer", body: unknown = { comment: "ok" }) =>
  call(approveRoute.POST, who, `/api/v1/change-requests/${id}/approve`, { method: "POST", params: { id }, body });

/** The editor re-runs verification through the API; resolves with the finished report. */
async function rerun(id: string): Promise<VerificationReport> {
  const res = await call(verifyRoute.POST, "editor", `/api/v1/change-requests/${id}/verify`, { method: "POST", params: { id } });
  expect(res.status).toBe(202);
  const running = res.json as unknown as VerificationReport;
  expect(running).toMatchObject({ state: "running", subject: { id } });
  return (await waitForVerification(running.id))!;
}

async function readRequest(id: string): Promise<ChangeRequestListItem> {
  const res = await call(changeRequestRoute.GET, "reviewer", `/api/v1/change-requests/${id}`, { params: { id } });
  expect(res.status).toBe(200);
  return res.json as ChangeRequestListItem;
}

async function releaseOf(app: string, request: { outcome: unknown }): Promise<ReleaseDetail> {
  const releaseId = (request.outcome as { releaseId: string }).releaseId;
  const res = await call(releaseRoute.GET, "reviewer", `/api/v1/apps/${app}/releases/${releaseId}`, { params: { app, id: releaseId } });
  expect(res.status).toBe(200);
  return res.json as ReleaseDetail;
}

describe("approving a publish request takes a passed verification", () => {
  it("a failed check blocks approval (the reason and what to do), rejecting is not blocked; fixed and re-run, it is approved and the release names the report", async () => {
    // uid 9999 has no rows: the LRFg cannot build its input, the sample fails at the fg.
    const app = await newApp([withCf(204), { uid: 9999, goods_id: 120 }]);
    const { id, report } = await requestPublish(app);
    expect(report.state).toBe("failed");

    const refused = await approve(id);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: "verification_failed", details: { id, reportId: report.id, state: "failed" } } });
    expect((refused.json as { error: { message: string } }).error.message).toMatch(/^Verification failed 2 checks: .*the featureMap has no value at "user_vec".*re-run verification/);
    const shown = await readRequest(id);
    expect(shown).toMatchObject({ state: "pending", approvalCount: 0, verification: { reportId: report.id, state: "failed", current: true, revision: 1 } });
    expect(shown.verification!.failedChecks[0]!.reason).toMatch(/fg/);

    // The editor fixes it (an admin removes the sample with no rows) and re-runs: it passes, and the reviewer approves.
    const bad = (await database.db.query.sampleRequests.findMany()).find((s) => s.app === app && (s.origin as { uid: number }).uid === 9999)!;
    await deleteSampleRequest(database.db, { actor: people.admin.actor, app, id: bad.id });
    const second = await rerun(id);
    expect(["passed", "warned"]).toContain(second.state);
    const approved = await approve(id);
    expect(approved.status).toBe(200);
    const request = approved.json as ChangeRequestListItem;
    expect(request.state).toBe("approved");
    const release = await releaseOf(app, request);
    expect(release.verification).toEqual({ reportId: second.id, override: null, state: "passed", failures: [] });

    // Rejecting is never blocked by verification.
    const other = await newApp([{ uid: 9999, goods_id: 120 }]);
    const failing = await requestPublish(other);
    expect(failing.report.state).toBe("failed");
    const rejected = await call(rejectRoute.POST, "reviewer", `/api/v1/change-requests/${failing.id}/reject`, { method: "POST", params: { id: failing.id }, body: { comment: "it does not score" } });
    expect(rejected.status).toBe(200);
  }, 60_000);

  it("a verification still running blocks approval until it has finished", async () => {
    const app = await newApp([withCf(211)]);
    const { id, report } = await requestPublish(app);
    expect(["passed", "warned"]).toContain(report.state);
    // A run of the current revision that has not finished (as the engine writes one: running, alive).
    const [row] = await database.db
      .insert(verificationReports)
      .values({ app, subjectKind: "change_request", subjectId: id, subjectRevision: 1, contentHash: "x", state: "running", progress: { done: 3, total: 9, step: "scoring" }, requestedBy: "test", heartbeatAt: new Date() })
      .returning();
    const refused = await approve(id);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: "verification_running", details: { reportId: row!.id } } });
    expect((refused.json as { error: { message: string } }).error.message).toMatch(/still running \(scoring, 3 of 9\)/);
    expect((await readRequest(id)).verification).toMatchObject({ reportId: row!.id, state: "running", progress: { done: 3, total: 9 } });

    const again = await rerun(id);
    expect(["passed", "warned"]).toContain(again.state);
    expect((await approve(id)).status).toBe(200);
  }, 60_000);

  it("a passed report goes stale when the samples change or a model instance comes or goes; a re-run verifies again", async () => {
    const app = await newApp([withCf(220)]);
    const { id, report } = await requestPublish(app);
    expect(["passed", "warned"]).toContain(report.state);

    await createSampleRequest(database.db, { actor: SYSTEM, app, input: { name: "added later", origin: withCf(221) } });
    expect((await readRequest(id)).verification).toMatchObject({ state: report.state, current: true, staleReason: "the app's sample requests changed since it was verified" });
    const refused = await approve(id);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: "verification_stale", details: { reason: "the app's sample requests changed since it was verified" } } });
    expect((refused.json as { error: { message: string } }).error.message).toMatch(/Re-run verification/);

    const again = await rerun(id);
    expect(["passed", "warned"]).toContain(again.state);
    // An instance registered for a model the release names after the pass: its state is probed on approval.
    const dead = `127.0.0.1:${await closedPort()}`;
    await registerInstance(database.db, { actor: SYSTEM, input: { model: "favpush_lr", address: dead, ttlSeconds: 60 } });
    try {
      const stale = await approve(id);
      expect(stale.status).toBe(409);
      expect(stale.json).toMatchObject({ error: { code: "verification_stale" } });
      expect((stale.json as { error: { message: string } }).error.message).toContain(`${dead} registered for favpush_lr since the release was verified`);
    } finally {
      await deregisterInstance(database.db, { actor: SYSTEM, model: "favpush_lr", address: dead });
    }
    // Gone again: the report's inputs hold once more.
    expect((await approve(id)).status).toBe(200);
  }, 60_000);

  it("a new release of the app verifies its other pending requests again, so they stay approvable without a re-run", async () => {
    const app = await newApp([withCf(206)]);
    const first = await requestPublish(app);
    expect((await approve(first.id)).status).toBe(200);
    // Two versions-only requests built on release #1 (keys no solution reads: they verify).
    const ask = async (versions: Record<string, string>) => {
      const { changeRequest } = await requestRelease(database.db, { actor: people.editor.actor, app, comment: "keys", change: { versions } });
      const started = await latestReport(database.db, { kind: "change_request", id: changeRequest!.id });
      return { id: changeRequest!.id, report: (await waitForVerification(started!.id)) ?? started! };
    };
    const waiting = await ask({ extra_a: "1" });
    const other = await ask({ extra_b: "2" });
    expect(waiting.report.state).toMatch(/passed|warned/);
    expect(other.report.state).toMatch(/passed|warned/);

    // Approving the other request makes release #2: what `waiting` would release changed.
    expect((await approve(other.id)).status).toBe(200);
    const again = await latestReport(database.db, { kind: "change_request", id: waiting.id });
    expect(again!.id).not.toBe(waiting.report.id);
    const finished = (await waitForVerification(again!.id)) ?? (await latestReport(database.db, { kind: "change_request", id: waiting.id }))!;
    expect(finished.state).toMatch(/passed|warned/);
    expect(finished.inputs?.baseReleaseId).not.toBe(waiting.report.inputs?.baseReleaseId);

    const approved = await approve(waiting.id);
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect((await releaseOf(app, approved.json as ChangeRequestListItem)).verification).toMatchObject({ reportId: finished.id });
  });

  it("a request without a report of its current revision is refused as missing", async () => {
    const app = await newApp([withCf(230)]);
    const { id } = await requestPublish(app);
    await database.db.delete(verificationReports).where(eq(verificationReports.subjectId, id));
    const refused = await approve(id);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: "verification_missing", details: { reportId: null } } });
    expect((await readRequest(id)).verification).toBeNull();
  }, 60_000);
});

describe("an admin's override", () => {
  it("lets an admin approve a failed verification with a written reason: audited, on the report and on the release; a reviewer may not", async () => {
    const app = await newApp([{ uid: 9999, goods_id: 120 }]);
    const { id, report } = await requestPublish(app);
    expect(report.state).toBe("failed");
    const reason = "uid 9999 is a test account; its rows are loaded tomorrow";

    const byReviewer = await approve(id, "reviewer", { comment: "ok", overrideVerification: { reason } });
    expect(byReviewer.status).toBe(403);
    expect(byReviewer.json).toMatchObject({ error: { code: "forbidden" } });
    const tooShort = await approve(id, "admin", { comment: "ok", overrideVerification: { reason: "because" } });
    expect(tooShort.status).toBe(400);
    expect((await readRequest(id)).approvalCount).toBe(0);

    const approved = await approve(id, "admin", { comment: "going out anyway", overrideVerification: { reason } });
    expect(approved.status).toBe(200);
    const request = approved.json as ChangeRequestListItem;
    expect(request.state).toBe("approved");
    const override = { by: people.admin.actor.email, byId: people.admin.actor.id, reason };
    expect((await releaseOf(app, request)).verification).toMatchObject({ reportId: report.id, override });

    const stored = await call(reportRoute.GET, "reviewer", `/api/v1/verification-reports/${report.id}`, { params: { id: report.id } });
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({ id: report.id, state: "failed", override });
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.target, id), eq(auditLog.action, "override_verification")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ reportId: report.id, reportState: "failed", blockedBy: "verification_failed", reason });
  }, 60_000);
});

describe("the report and re-run routes", () => {
  it("answers 404 for an unknown report or request, 400 for a malformed id, 409 for a decided request", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const missing = await call(reportRoute.GET, "reviewer", `/api/v1/verification-reports/${unknown}`, { params: { id: unknown } });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { code: "not_found" } });
    const malformed = await call(reportRoute.GET, "reviewer", "/api/v1/verification-reports/nope", { params: { id: "nope" } });
    expect(malformed.status).toBe(400);
    const noRequest = await call(verifyRoute.POST, "editor", `/api/v1/change-requests/${unknown}/verify`, { method: "POST", params: { id: unknown } });
    expect(noRequest.status).toBe(404);

    const app = await newApp([withCf(235)]);
    const { id } = await requestPublish(app);
    expect((await approve(id)).status).toBe(200);
    const decided = await call(verifyRoute.POST, "editor", `/api/v1/change-requests/${id}/verify`, { method: "POST", params: { id } });
    expect(decided.status).toBe(409);
    expect(decided.json).toMatchObject({ error: { code: "conflict" } });
  }, 60_000);
});
