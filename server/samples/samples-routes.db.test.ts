import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sampleRoute from "@/app/api/v1/apps/[app]/sample-requests/[id]/route";
import * as fromTrialsRoute from "@/app/api/v1/apps/[app]/sample-requests/from-trials/route";
import * as samplesRoute from "@/app/api/v1/apps/[app]/sample-requests/route";
import * as recentTrialsRoute from "@/app/api/v1/apps/[app]/recent-trials/route";
import * as settingsRoute from "@/app/api/v1/apps/[app]/verification-settings/route";
import * as scoreRoute from "@/app/api/v1/score/route";
import type { Database } from "@/db/client";
import { auditLog, recentTrials, sampleRequests } from "@/db/schema";
import { favpushApp } from "@/db/seed/favpush";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { MAX_SAMPLE_ORIGIN_BYTES, MAX_SAMPLE_REQUESTS, RECENT_TRIALS_KEPT } from "@/server/contracts/verification";
import { callRoute, type CallOptions } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { createSampleRequest } from "./create-sample-request";
import { recentTrialsSettled, recordRecentTrial } from "./record-recent-trial";

/**
 * Sample requests, recent trials and verification thresholds through their routes, on the real
 * database: what each role may do, and that every refusal is a clear 4xx that changes nothing.
 */
let database: Database;
let admin: TestPerson;
let editor: TestPerson;
let viewer: TestPerson;
const ORIGIN = "http://console.test";

let apps = 0;
async function newApp(): Promise<string> {
  const name = `samples_${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: favpushApp({ name }) });
  return name;
}

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  admin = await createPerson(database.db, "admin");
  editor = await createPerson(database.db, "editor");
  viewer = await createPerson(database.db, "viewer");
});

afterAll(async () => {
  await recentTrialsSettled();
  await database?.close();
});

type Res = Awaited<ReturnType<typeof callRoute>>;
const as = (who: TestPerson, opts: CallOptions = {}): CallOptions => ({ cookie: who.cookie, origin: ORIGIN, ...opts });
const list = (app: string, who = viewer) => callRoute(samplesRoute.GET, `/api/v1/apps/${app}/sample-requests`, as(who, { params: { app } }));
const create = (app: string, body: unknown, who = admin, extra: CallOptions = {}) =>
  callRoute(samplesRoute.POST, `/api/v1/apps/${app}/sample-requests`, as(who, { method: "POST", params: { app }, body, ...extra }));
const remove = (app: string, id: string, who = admin) => callRoute(sampleRoute.DELETE, `/api/v1/apps/${app}/sample-requests/${id}`, as(who, { method: "DELETE", params: { app, id } }));
const fromTrials = (app: string, body: unknown, who = admin) =>
  callRoute(fromTrialsRoute.POST, `/api/v1/apps/${app}/sample-requests/from-trials`, as(who, { method: "POST", params: { app }, body }));
const recent = (app: string, who = editor) => callRoute(recentTrialsRoute.GET, `/api/v1/apps/${app}/recent-trials`, as(who, { params: { app } }));
const getSettings = (app: string, who = viewer) => callRoute(settingsRoute.GET, `/api/v1/apps/${app}/verification-settings`, as(who, { params: { app } }));
const putSettings = (app: string, body: unknown, who = admin) =>
  callRoute(settingsRoute.PUT, `/api/v1/apps/${app}/verification-settings`, as(who, { method: "PUT", params: { app }, body }));

async function counts(app: string) {
  const [samples] = await database.db.select({ n: count() }).from(sampleRequests).where(eq(sampleRequests.app, app));
  const [audit] = await database.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.app, app), inArray(auditLog.kind, ["sample_request", "verification_settings"])));
  return { samples: samples!.n, audit: audit!.n };
}

describe("sample requests", () => {
  it("an admin adds one (key order kept), everyone who reads the app lists it, the change is audited", async () => {
    const app = await newApp();
    expect((await list(app)).json).toEqual({ sampleRequests: [], limit: MAX_SAMPLE_REQUESTS });
    const res = await create(app, { name: " user 7 ", origin: { uid: 7, goods_id: 101 } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ app, name: "user 7", origin: { uid: 7, goods_id: 101 }, source: "manual", createdBy: admin.actor.email });
    expect(Object.keys(res.json.origin as object)).toEqual(["uid", "goods_id"]);
    const listed = await list(app, viewer);
    expect(listed.json.sampleRequests).toEqual([res.json]);
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.app, app), eq(auditLog.kind, "sample_request")));
    expect(entry).toMatchObject({ kind: "sample_request", action: "create", target: "user 7", actorName: admin.actor.email });
  });

  const refusals: [string, (app: string) => Promise<Res>, number, RegExp][] = [
    ["an editor (an admin edits them)", (app) => create(app, { name: "x", origin: { uid: 1 } }, editor), 403, /An admin edits the sample requests/],
    ["a viewer", (app) => create(app, { name: "x", origin: { uid: 1 } }, viewer), 403, /needs the "edit" right/],
    ["anonymous", (app) => callRoute(samplesRoute.POST, `/api/v1/apps/${app}/sample-requests`, { method: "POST", origin: ORIGIN, params: { app }, body: { name: "x", origin: { uid: 1 } } }), 401, /Sign in/],
    ["a body that is not JSON", (app) => create(app, undefined, admin, { rawBody: "{name:", headers: { "content-type": "application/json" } }), 400, /not valid JSON/],
    ["no name", (app) => create(app, { name: "  ", origin: { uid: 1 } }), 400, /Name the sample/],
    ["an origin that is not an object", (app) => create(app, { name: "x", origin: [1, 2] }), 400, /origin must be an object/],
    ["an origin over the size limit", (app) => create(app, { name: "x", origin: { uid: 1, blob: "x".repeat(MAX_SAMPLE_ORIGIN_BYTES) } }), 400, /At most 16 KB/],
    ["an empty origin", (app) => create(app, { name: "x", origin: {} }), 422, /origin is empty/],
    ["a name the app already has", (app) => create(app, { name: "seeded", origin: { uid: 2 } }), 409, /already has a sample request named "seeded"/],
    ["a request already a sample (in another key order)", (app) => create(app, { name: "again", origin: { goods_id: 100, uid: 1 } }), 409, /already the sample "seeded"/],
    ["an unknown app", () => create("no_such_app", { name: "x", origin: { uid: 1 } }), 404, /No app named "no_such_app"/],
    ["deleting by an editor", async (app) => remove(app, ((await list(app)).json.sampleRequests as { id: string }[])[0]!.id, editor), 403, /An admin edits/],
    ["deleting one the app does not have", (app) => remove(app, "00000000-0000-4000-8000-000000000000"), 404, /no such sample request/],
    ["deleting with a malformed id", (app) => remove(app, "42"), 400, /must be an id/],
  ];
  it.each(refusals)("refuses %s with a clear error and changes nothing", async (_, send, status, message) => {
    const app = await newApp();
    await createSampleRequest(database.db, { actor: SYSTEM, app, input: { name: "seeded", origin: { uid: 1, goods_id: 100 } } });
    const before = await counts(app);
    const res = await send(app);
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect(res.json.error!.message).toMatch(message);
    expect(await counts(app)).toEqual(before);
  });

  it(`refuses the ${MAX_SAMPLE_REQUESTS + 1}th with 409 saying to delete one`, async () => {
    const app = await newApp();
    await database.db.insert(sampleRequests).values(Array.from({ length: MAX_SAMPLE_REQUESTS }, (_, i) => ({ app, name: `s${i}`, origin: { uid: i + 1 }, createdBy: "test" })));
    const res = await create(app, { name: "one more", origin: { uid: 999 } });
    expect(res.status).toBe(409);
    expect(res.json.error!.message).toMatch(`the most an app may hold (${MAX_SAMPLE_REQUESTS}); delete one first`);
    expect((await counts(app)).samples).toBe(MAX_SAMPLE_REQUESTS);
  });

  it("an admin deletes one: it is gone, audited, and a second delete is a 404", async () => {
    const app = await newApp();
    const { json: sample } = await create(app, { name: "to go", origin: { uid: 3 } });
    const res = await remove(app, sample.id as string);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: sample.id, name: "to go" });
    expect((await list(app)).json.sampleRequests).toEqual([]);
    const entries = await database.db.select().from(auditLog).where(and(eq(auditLog.app, app), eq(auditLog.kind, "sample_request")));
    expect(entries.map((e) => e.action).sort()).toEqual(["create", "delete"]);
    expect((await remove(app, sample.id as string)).status).toBe(404);
  });

  it("deleting through another app's path is a 404 and keeps the sample", async () => {
    const [a, b] = [await newApp(), await newApp()];
    const { json: sample } = await create(a, { name: "mine", origin: { uid: 4 } });
    expect((await remove(b, sample.id as string)).status).toBe(404);
    expect((await list(a)).json.sampleRequests).toHaveLength(1);
  });
});

describe("recent trials", () => {
  it("a trial's origin is kept for its app even when the trial fails, and listed for editors, not viewers", async () => {
    const app = await newApp();
    // The app has no release: the trial fails at the config stage, and is still worth keeping.
    const trial = await callRoute(scoreRoute.POST, "/api/v1/score", as(editor, { method: "POST", body: { app_name: app, origin: { uid: 7, goods_id: 101 } } }));
    expect(trial.status).toBeGreaterThanOrEqual(400);
    await recentTrialsSettled();
    const res = await recent(app, editor);
    expect(res.status).toBe(200);
    expect(res.json.trials).toEqual([expect.objectContaining({ app, origin: { uid: 7, goods_id: 101 }, by: editor.actor.email })]);
    expect((await recent(app, viewer)).status).toBe(403);
    expect((await recent("no_such_app", editor)).status).toBe(404);
  });

  it(`keeps the latest ${RECENT_TRIALS_KEPT} per app, nothing for an unknown app or an origin too large to be a sample`, async () => {
    const [app, other] = [await newApp(), await newApp()];
    await recordRecentTrial(database.db, { app: other, origin: { uid: 1 }, actor: SYSTEM });
    for (let i = 1; i <= RECENT_TRIALS_KEPT + 3; i++) await recordRecentTrial(database.db, { app, origin: { uid: i }, actor: SYSTEM });
    expect(await recordRecentTrial(database.db, { app: "no_such_app", origin: { uid: 1 }, actor: SYSTEM })).toBe(false);
    expect(await recordRecentTrial(database.db, { app, origin: { blob: "x".repeat(MAX_SAMPLE_ORIGIN_BYTES + 1) }, actor: SYSTEM })).toBe(false);
    const { json } = await recent(app);
    const uids = (json.trials as { origin: { uid: number } }[]).map((t) => t.origin.uid);
    expect(uids).toHaveLength(RECENT_TRIALS_KEPT);
    expect(uids[0]).toBe(RECENT_TRIALS_KEPT + 3);
    expect(uids.at(-1)).toBe(4);
    expect((await recent(other)).json.trials).toHaveLength(1);
    const [unknown] = await database.db.select({ n: count() }).from(recentTrials).where(eq(recentTrials.app, "no_such_app"));
    expect(unknown!.n).toBe(0);
  });

  it("an admin turns chosen trials into samples (source trial); one already a sample is skipped and said so", async () => {
    const app = await newApp();
    await recordRecentTrial(database.db, { app, origin: { uid: 7, goods_id: 101 }, actor: SYSTEM });
    await recordRecentTrial(database.db, { app, origin: { uid: 8, goods_id: 102 }, actor: SYSTEM });
    await recordRecentTrial(database.db, { app, origin: { uid: 9, goods_id: 103 }, actor: SYSTEM });
    await createSampleRequest(database.db, { actor: SYSTEM, app, input: { name: "nine", origin: { goods_id: 103, uid: 9 } } });
    const trials = (await recent(app)).json.trials as { id: string; origin: { uid: number } }[];
    const ids = trials.map((t) => t.id);
    const res = await fromTrials(app, { trialIds: ids });
    expect(res.status).toBe(201);
    const added = res.json.added as { name: string; source: string; origin: unknown }[];
    expect(added.map((s) => [s.source, s.origin])).toEqual([
      ["trial", { uid: 7, goods_id: 101 }],
      ["trial", { uid: 8, goods_id: 102 }],
    ]);
    expect(added[0]!.name).toMatch(/^Trial \d+: uid=7, goods_id=101$/);
    expect(res.json.skipped).toEqual([{ trialId: trials.find((t) => t.origin.uid === 9)!.id, reason: 'The same request is already the sample "nine".' }]);
    expect((await list(app)).json.sampleRequests).toHaveLength(3);
    // Again: all three are samples now.
    const again = await fromTrials(app, { trialIds: ids });
    expect(again.json).toMatchObject({ added: [], skipped: expect.any(Array) });
    expect((again.json.skipped as unknown[]).length).toBe(3);
  });

  const refusals: [string, (app: string, id: string) => Promise<Res>, number, RegExp][] = [
    ["an editor", (app, id) => fromTrials(app, { trialIds: [id] }, editor), 403, /An admin edits/],
    ["no trials chosen", (app) => fromTrials(app, { trialIds: [] }), 400, /Choose at least one recent trial/],
    ["an id that is not a trial id", (app) => fromTrials(app, { trialIds: ["abc"] }), 400, /must be a recent trial's id/],
    ["an unknown trial", (app, id) => fromTrials(app, { trialIds: [id, "999999999"] }), 404, /no recent trial 999999999/],
    [
      "another app's trial",
      async (app) => {
        const other = await newApp();
        await recordRecentTrial(database.db, { app: other, origin: { uid: 6 }, actor: SYSTEM });
        return fromTrials(app, { trialIds: [((await recent(other)).json.trials as { id: string }[])[0]!.id] });
      },
      404,
      /no recent trial/,
    ],
    ["an unknown app", (_, id) => fromTrials("no_such_app", { trialIds: [id] }), 404, /No app named/],
  ];
  it.each(refusals)("refuses %s and adds nothing", async (_, send, status, message) => {
    const app = await newApp();
    await recordRecentTrial(database.db, { app, origin: { uid: 5 }, actor: SYSTEM });
    const id = ((await recent(app)).json.trials as { id: string }[])[0]!.id;
    const before = await counts(app);
    const res = await send(app, id);
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect(res.json.error!.message).toMatch(message);
    expect(await counts(app)).toEqual(before);
  });

  it("refuses trials that would take the app over the limit, adding none of them", async () => {
    const app = await newApp();
    await database.db.insert(sampleRequests).values(Array.from({ length: MAX_SAMPLE_REQUESTS - 1 }, (_, i) => ({ app, name: `s${i}`, origin: { uid: i + 1 }, createdBy: "test" })));
    await recordRecentTrial(database.db, { app, origin: { uid: 1001 }, actor: SYSTEM });
    await recordRecentTrial(database.db, { app, origin: { uid: 1002 }, actor: SYSTEM });
    const ids = ((await recent(app)).json.trials as { id: string }[]).map((t) => t.id);
    const res = await fromTrials(app, { trialIds: ids });
    expect(res.status).toBe(409);
    expect(res.json.error!.message).toMatch(`at most ${MAX_SAMPLE_REQUESTS}`);
    expect((await counts(app)).samples).toBe(MAX_SAMPLE_REQUESTS - 1);
  });
});

describe("verification thresholds", () => {
  it("are the defaults (version 0) until an admin changes them; the change is audited, a stale one is a 409", async () => {
    const app = await newApp();
    expect((await getSettings(app)).json).toEqual({ app, maxFailedSamples: 0, missingFeatureWarnRate: 0.05, version: 0, updatedBy: null, updatedAt: null });
    const saved = await putSettings(app, { maxFailedSamples: 2, missingFeatureWarnRate: 0.1, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ maxFailedSamples: 2, missingFeatureWarnRate: 0.1, version: 1, updatedBy: admin.actor.email });
    expect((await getSettings(app, viewer)).json).toEqual(saved.json);
    const stale = await putSettings(app, { maxFailedSamples: 5, missingFeatureWarnRate: 0.2, version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.json.error!.message).toMatch(/changed these thresholds after you opened them/);
    expect((await getSettings(app)).json).toEqual(saved.json);
    const entries = await database.db.select().from(auditLog).where(and(eq(auditLog.app, app), eq(auditLog.kind, "verification_settings")));
    expect(entries).toEqual([expect.objectContaining({ kind: "verification_settings", action: "update", target: app })]);
  });

  it.each([
    ["an editor", { maxFailedSamples: 1, missingFeatureWarnRate: 0.1, version: 0 }, "editor", 403],
    ["a negative count", { maxFailedSamples: -1, missingFeatureWarnRate: 0.1, version: 0 }, undefined, 400],
    ["a fraction of a sample", { maxFailedSamples: 1.5, missingFeatureWarnRate: 0.1, version: 0 }, undefined, 400],
    ["a rate above 1", { maxFailedSamples: 1, missingFeatureWarnRate: 5, version: 0 }, undefined, 400],
    ["no version", { maxFailedSamples: 1, missingFeatureWarnRate: 0.1 }, undefined, 400],
  ] as const)("refuses %s and changes nothing", async (_, body, who, status) => {
    const app = await newApp();
    const res = await putSettings(app, body, who === "editor" ? editor : admin);
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect((await getSettings(app)).json).toMatchObject({ version: 0 });
    expect((await counts(app)).audit).toBe(0);
  });

  it("an unknown app is a 404", async () => {
    expect((await getSettings("no_such_app")).status).toBe(404);
    expect((await putSettings("no_such_app", { maxFailedSamples: 0, missingFeatureWarnRate: 0.05, version: 0 })).status).toBe(404);
  });
});
