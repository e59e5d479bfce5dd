import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import * as releasesRoute from "@/app/api/v1/apps/[app]/releases/route";
import * as rollbackRoute from "@/app/api/v1/apps/[app]/releases/[id]/rollback/route";
import * as previewRoute from "@/app/api/v1/apps/[app]/releases/[id]/rollback-preview/route";
import * as resumeRoute from "@/app/api/v1/apps/[app]/dag/nodes/[key]/resume/route";
import * as draftRoute from "@/app/api/v1/apps/[app]/solutions-draft/route";
import * as resetRoute from "@/app/api/v1/apps/[app]/solutions-draft/reset/route";
import * as restoreRoute from "@/app/api/v1/apps/[app]/solutions-draft/restore-backup/route";
import * as importRoute from "@/app/api/v1/apps/[app]/solutions-import/route";
import type { Database } from "@/db/client";
import { auditLog, dagNodeStates, releases, solutionDrafts } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import type { ChangeRequest } from "@/server/contracts/approvals";
import type { DagNodeState } from "@/server/contracts/dag";
import type { RollbackPreview } from "@/server/contracts/releases";
import type { DraftStatus } from "@/server/contracts/solution-drafts";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import { answerCallback } from "@/server/dag/callbacks/answer-callback";
import { saveDag } from "@/server/dag/documents/save-dag";
import { createDagEngine, type DagEngine } from "@/server/dag/engine/create-dag-engine";
import { buildDag } from "@/server/dag/graph/test-dag";
import { setDataVersion } from "@/server/dag/nodes/set-data-version";
import { getDagStatus } from "@/server/dag/status/get-dag-status";
import { listNodeEvents } from "@/server/dag/status/list-node-events";
import { createDispatcher, type Dispatcher } from "@/server/outbox/create-dispatcher";
import { getLatestContent } from "@/server/releases/get-latest-content";
import { getSolutionsDraft } from "@/server/solutions/get-solutions-draft";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { callbackToken, startHookReceiver } from "@/test/support/hook-receiver";
import { createPerson, type TestPerson } from "@/test/support/people";
import { passVerification, startVerifiableWorld, verifiableSolutionBody, type VerifiableWorld } from "@/test/support/pass-verification";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { settleVerifications } from "@/server/verification/run-verification";

/**
 * Rollback through the real route handlers (docs/config-center.md, *Rollback*): the preview and
 * the change request show the diff from live; version keys the DAG wrote since keep their live
 * values unless they roll back too, which holds their output node until someone resumes it; a
 * delivered rollback becomes the draft, the old draft kept as a backup.
 */
let database: Database;
let world: VerifiableWorld;
let center: ConfigCenter;
let dispatcher: Dispatcher;
let engine: DagEngine;
let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
const people = {} as Record<"editor" | "reviewer", TestPerson>;
let appSeq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await startVerifiableWorld(database.db);
  installAsProcessDatabase(database);
  people.editor = await createPerson(database.db, "editor");
  people.reviewer = await createPerson(database.db, "reviewer");
  receiver = await startHookReceiver();
  const { secret } = await addHookEndpoint(database.db, { actor: SYSTEM, input: { url: receiver.url(), description: "test receiver" } });
  receiver.setSecret(secret);
  center = createBuiltinConfigCenter({ db: database.db });
  // Not about delivery's re-check of the references (held-releases.db.test.ts is): no model server here.
  dispatcher = createDispatcher({ db: database.db, center , recheckReferences: false });
  engine = createDagEngine({ db: database.db, publicUrl: "http://console.test", onError: (e) => engineErrors.push(e) });
});

const engineErrors: unknown[] = [];
afterEach(() => expect(engineErrors.splice(0)).toEqual([]));

afterAll(async () => {
  await engine?.stop();
  await center?.close();
  await receiver?.close();
  await world?.close();
  await database?.close();
});

type Who = keyof typeof people;
function call(handler: RouteHandler, who: Who, pathname: string, opts: Omit<CallOptions, "cookie"> = {}) {
  return callRoute(handler, pathname, { ...opts, cookie: people[who].cookie });
}

// The model names a version key the release's versions resolve (LR_KEYS, published with every
// document): approval takes a passed verification (test/support/pass-verification.ts).
const LR_KEYS = { lr_v1: "20200116", lr_v2: "20200116", lr_v3: "20200116" };
const solution = (name: string, model: string, buckets: number[]) => ({ [name]: { ...verifiableSolutionBody(buckets), features: {}, model: { name: "favpush_lr", version: model } } });
const documentOf = (app: string, model: string) => ({ app_name: app, solutions: [solution("base", model, [0, 1, 2, 3])] });

async function publishAndApprove(app: string, change: Record<string, unknown>) {
  const withKeys = change.document === undefined ? change : { ...change, versions: { ...LR_KEYS, ...(change.versions as object) } };
  const res = await call(releasesRoute.POST, "editor", `/api/v1/apps/${app}/releases`, { method: "POST", params: { app }, body: { comment: "ship it", change: withKeys } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return approve((res.json as unknown as { changeRequest: ChangeRequest }).changeRequest.id);
}

async function approve(id: string): Promise<{ releaseId: string; seq: number }> {
  await passVerification(database.db, id);
  const res = await call(approveRoute.POST, "reviewer", `/api/v1/change-requests/${id}/approve`, { method: "POST", params: { id }, body: { comment: "ok" } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return (res.json as unknown as ChangeRequest).outcome as { releaseId: string; seq: number };
}

/** The DAG writes `o` = version through d -> t -> o (the hook confirms). */
async function dagWrites(app: string, version: string) {
  await setDataVersion(database.db, { actor: people.editor.actor, app, key: "d", input: { version } });
  await engine.runOnce();
  const hook = receiver.received.filter((h) => h.payload.app === app && h.payload.version === version).at(-1)!;
  await answerCallback(database.db, { token: callbackToken(hook.payload), input: { status: "success" } });
  await engine.runOnce();
  // The output node's release is held until its verification passes (docs/verification.md).
  await settleVerifications();
}

async function deliverAll() {
  while (await dispatcher.runOnce()) {
    /* one record per step */
  }
}

const releaseSeq = async (id: string) => (await database.db.select({ seq: releases.seq }).from(releases).where(eq(releases.id, id)))[0]!.seq;
const nodeState = async (app: string, key: string) =>
  (await database.db.select().from(dagNodeStates).where(and(eq(dagNodeStates.app, app), eq(dagNodeStates.key, key))))[0]!.state as DagNodeState;

/**
 * #1 document A (lr_v1); #2 the DAG writes o=1; #3 document B (lr_v2); #4 the DAG writes o=2.
 * Everything delivered: live is #4.
 */
async function appWithHistory() {
  const app = `rollback${++appSeq}`;
  await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 4, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  const dag = buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"]);
  for (const node of dag.nodes) if (node.trigger) node.trigger.hookUrl = receiver.url();
  await saveDag(database.db, { actor: people.editor.actor, app, input: { version: 0, document: dag } });
  const first = await publishAndApprove(app, { document: documentOf(app, "lr_v1") });
  await dagWrites(app, "1");
  const second = (await getLatestContent(database.db, app))!.releaseId;
  await publishAndApprove(app, { document: documentOf(app, "lr_v2") });
  await dagWrites(app, "2");
  await deliverAll();
  expect((await getLatestContent(database.db, app))!.versions).toEqual({ ...LR_KEYS, o: "2" });
  return { app, first: first.releaseId, second };
}

const preview = async (app: string, id: string, rollBackDagKeys?: boolean) => {
  const res = await call(previewRoute.GET, "editor", `/api/v1/apps/${app}/releases/${id}/rollback-preview`, {
    params: { app, id },
    query: rollBackDagKeys === undefined ? {} : { rollBackDagKeys: String(rollBackDagKeys) },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as unknown as RollbackPreview;
};

async function rollback(app: string, id: string, body: Record<string, unknown>) {
  return call(rollbackRoute.POST, "editor", `/api/v1/apps/${app}/releases/${id}/rollback`, { method: "POST", params: { app, id }, body });
}

describe("rollback: diff from live, DAG keys", () => {
  it("keeps the keys the DAG wrote since at their live values, and shows the diff from live", async () => {
    const { app, second } = await appWithHistory();
    const shown = await preview(app, second);
    expect(shown.live?.seq).toBe(4);
    expect(shown.target.seq).toBe(2);
    expect(shown.dagKeys).toEqual([{ key: "o", live: "2", target: "1", nodes: ["o"] }]);
    expect(shown.holds).toEqual([]);
    // From live (#4: lr_v2, o=2), not what #2 changed (o: none -> 1).
    expect(shown.diff.changes.map((c) => [c.path, c.before, c.after])).toEqual([["document.solutions[base].model.version", "lr_v2", "lr_v1"]]);

    const res = await rollback(app, second, { comment: "lr_v2 hurts CTR" });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const request = (res.json as unknown as { changeRequest: ChangeRequest }).changeRequest;
    expect(request.title).toContain("#2");
    expect(request.diff).toEqual(shown.diff);
    const outcome = await approve(request.id);
    expect((await getLatestContent(database.db, app))!.versions).toEqual({ ...LR_KEYS, o: "2" });
    expect((await nodeState(app, "o")).hold ?? null).toBeNull();
    // The DAG goes on publishing.
    await dagWrites(app, "3");
    expect((await getLatestContent(database.db, app))!.versions).toEqual({ ...LR_KEYS, o: "3" });
    expect(await releaseSeq(outcome.releaseId)).toBe(5);
  });

  it("rolls the DAG keys back when asked, holding the output node until someone resumes it", async () => {
    const { app, second } = await appWithHistory();
    const shown = await preview(app, second, true);
    expect(shown.holds).toEqual(["o"]);
    expect(shown.diff.changes.map((c) => c.path).sort()).toEqual(["document.solutions[base].model.version", "versions.o"]);

    const res = await rollback(app, second, { comment: "vectors of day 1 too", rollBackDagKeys: true });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const outcome = await approve((res.json as unknown as { changeRequest: ChangeRequest }).changeRequest.id);
    expect((await getLatestContent(database.db, app))!.versions).toEqual({ ...LR_KEYS, o: "1" });
    expect((await nodeState(app, "o")).hold).toMatchObject({ versions: { o: "1" }, releaseId: outcome.releaseId, releaseSeq: 5, rollbackOfSeq: 2 });
    const status = (await getDagStatus(database.db, app)).nodes.find((n) => n.key === "o")!;
    expect(status).toMatchObject({ online: "1", hold: { releaseSeq: 5 } });
    const events = (await listNodeEvents(database.db, { app, key: "o" })).events;
    expect(events.map((e) => e.type)).toContain("held");
    expect(events.find((e) => e.type === "held")!.message).toContain("rollback #5");

    // A newer input: the engine does not publish over the hold.
    await dagWrites(app, "3");
    expect((await getLatestContent(database.db, app))!.releaseId).toBe(outcome.releaseId);

    const resumed = await call(resumeRoute.POST, "editor", `/api/v1/apps/${app}/dag/nodes/o/resume`, { method: "POST", params: { app, key: "o" } });
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
    expect((resumed.json as unknown as DagNodeState).hold ?? null).toBeNull();
    expect((await getLatestContent(database.db, app))!.versions).toEqual({ ...LR_KEYS, o: "3" });
    expect((await listNodeEvents(database.db, { app, key: "o" })).events.map((e) => e.type)).toContain("resumed");
    // And it follows its inputs again.
    await dagWrites(app, "4");
    expect((await getLatestContent(database.db, app))!.versions).toEqual({ ...LR_KEYS, o: "4" });
  });

  it("refuses bad input and changes nothing", async () => {
    const { app, second } = await appWithHistory();
    const before = await snapshot(app);
    const notHeld = await call(resumeRoute.POST, "editor", `/api/v1/apps/${app}/dag/nodes/o/resume`, { method: "POST", params: { app, key: "o" } });
    expect(notHeld.status).toBe(409);
    expect(notHeld.json.error?.message).toMatch(/not held/);
    const unknownNode = await call(resumeRoute.POST, "editor", `/api/v1/apps/${app}/dag/nodes/nope/resume`, { method: "POST", params: { app, key: "nope" } });
    expect(unknownNode.status).toBe(404);
    const badFlag = await rollback(app, second, { comment: "x", rollBackDagKeys: "yes" });
    expect(badFlag.status).toBe(400);
    const missing = "00000000-0000-4000-8000-000000000000";
    const unknown = await rollback(app, missing, { comment: "x" });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.message).not.toContain(missing);
    const noBackup = await call(restoreRoute.POST, "editor", `/api/v1/apps/${app}/solutions-draft/restore-backup`, {
      method: "POST",
      params: { app },
      body: { version: (await getSolutionsDraft(database.db, app)).version },
    });
    expect(noBackup.status).toBe(409);
    expect(await snapshot(app)).toEqual(before);
  });
});

async function snapshot(app: string) {
  return {
    releases: (await database.db.select({ id: releases.id }).from(releases).where(eq(releases.app, app))).length,
    states: await database.db.select().from(dagNodeStates).where(eq(dagNodeStates.app, app)),
    drafts: await database.db.select().from(solutionDrafts).where(eq(solutionDrafts.app, app)),
    audit: (await database.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.app, app))).length,
  };
}

describe("rollback: the draft after delivery", () => {
  const draftStatus = async (app: string) => (await call(draftRoute.GET, "editor", `/api/v1/apps/${app}/solutions-draft`, { params: { app } })).json as unknown as DraftStatus;

  it("becomes the rolled-back document, keeps the old draft as a backup, and can be reset to live or restored", async () => {
    const { app, first } = await appWithHistory();
    // The editor's draft has work in progress (lr_v3) that was never published.
    const imported = await call(importRoute.POST, "editor", `/api/v1/apps/${app}/solutions-import`, {
      method: "POST",
      params: { app },
      body: { version: (await getSolutionsDraft(database.db, app)).version, document: documentOf(app, "lr_v3") },
    });
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    expect(await draftStatus(app)).toMatchObject({ differsFromLive: true, live: { seq: 4 }, changes: { changed: ["base"] }, backup: null });

    const res = await rollback(app, first, { comment: "back to lr_v1" });
    const outcome = await approve((res.json as unknown as { changeRequest: ChangeRequest }).changeRequest.id);
    // Not yet delivered: the draft is untouched.
    expect((await getSolutionsDraft(database.db, app)).solutions[0]!.model.version).toBe("lr_v3");
    await deliverAll();
    expect(await releaseSeq(outcome.releaseId)).toBe(5);
    expect((await getSolutionsDraft(database.db, app)).solutions[0]!.model.version).toBe("lr_v1");
    const afterRollback = await draftStatus(app);
    expect(afterRollback).toMatchObject({ differsFromLive: false, live: { seq: 5 }, backup: { releaseSeq: 5, rollbackOfSeq: 1, solutions: ["base"] } });

    const restored = await call(restoreRoute.POST, "editor", `/api/v1/apps/${app}/solutions-draft/restore-backup`, { method: "POST", params: { app }, body: { version: afterRollback.version } });
    expect(restored.status, JSON.stringify(restored.json)).toBe(200);
    expect((await getSolutionsDraft(database.db, app)).solutions[0]!.model.version).toBe("lr_v3");
    const afterRestore = await draftStatus(app);
    expect(afterRestore).toMatchObject({ differsFromLive: true, backup: null });

    const stale = await call(resetRoute.POST, "editor", `/api/v1/apps/${app}/solutions-draft/reset`, { method: "POST", params: { app }, body: { version: afterRestore.version - 1 } });
    expect(stale.status).toBe(409);
    const reset = await call(resetRoute.POST, "editor", `/api/v1/apps/${app}/solutions-draft/reset`, { method: "POST", params: { app }, body: { version: afterRestore.version } });
    expect(reset.status, JSON.stringify(reset.json)).toBe(200);
    expect((await getSolutionsDraft(database.db, app)).solutions[0]!.model.version).toBe("lr_v1");
    expect((await draftStatus(app)).differsFromLive).toBe(false);
  });
});
