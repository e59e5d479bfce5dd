import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import * as rejectRoute from "@/app/api/v1/change-requests/[id]/reject/route";
import * as releasesRoute from "@/app/api/v1/apps/[app]/releases/route";
import * as listRoute from "@/app/api/v1/notifications/route";
import * as countRoute from "@/app/api/v1/notifications/unread-count/route";
import * as readRoute from "@/app/api/v1/notifications/[id]/read/route";
import * as readAllRoute from "@/app/api/v1/notifications/read-all/route";
import * as webhookRoute from "@/app/api/v1/apps/[app]/notification-webhook/route";
import type { Database } from "@/db/client";
import { auditLog, notifications } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { ChangeRequest } from "@/server/contracts/approvals";
import type { Notification, NotificationPage } from "@/server/contracts/notifications";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import { claimDelivery } from "@/server/outbox/claim-delivery";
import { markDelivered, markFailed } from "@/server/outbox/mark-delivery";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { startHookReceiver } from "@/test/support/hook-receiver";
import { createPerson, type TestPerson } from "@/test/support/people";
import { passVerification, startVerifiableWorld, verifiableSolutionBody, type VerifiableWorld } from "@/test/support/pass-verification";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { loadChangeRequest } from "@/server/approvals/load-change-request";
import { startRequestVerification } from "@/server/approvals/start-request-verification";
import { settleVerifications } from "@/server/verification/run-verification";
import { settleNotificationWebhooks } from "./send-notification-webhooks";

/**
 * The requester hears of their request's decision and of its release's delivery, through the
 * real routes: one notification per event, for the requester only, which only they read; the
 * app's webhook (an allow-listed URL) gets a signed Slack-compatible body after the commit.
 */
let database: Database;
let world: VerifiableWorld;
const people = {} as Record<"editor" | "reviewer" | "other", TestPerson>;
type Who = keyof typeof people;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await startVerifiableWorld(database.db);
  installAsProcessDatabase(database);
  people.editor = await createPerson(database.db, "editor");
  people.reviewer = await createPerson(database.db, "reviewer");
  people.other = await createPerson(database.db, "editor");
});

afterAll(async () => {
  await settleNotificationWebhooks();
  await world?.close();
  await database?.close();
});

function call(handler: RouteHandler, who: Who, pathname: string, opts: Omit<CallOptions, "cookie"> = {}) {
  return callRoute(handler, pathname, { ...opts, cookie: people[who].cookie });
}

let apps = 0;
async function newApp(): Promise<string> {
  const app = `notified-${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 4, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  return app;
}

async function ask(app: string, model = "20200116"): Promise<string> {
  const body = (buckets: number[]) => ({ ...verifiableSolutionBody(buckets), model: { name: "favpush_lr", version: model } });
  const document = { app_name: app, solutions: [{ v1: body([0, 1]) }, { v2: body([2, 3]) }] };
  const res = await call(releasesRoute.POST, "editor", `/api/v1/apps/${app}/releases`, { method: "POST", params: { app }, body: { comment: "ship it", change: { document } } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return (res.json.changeRequest as unknown as ChangeRequest).id;
}

const reject = (id: string, reason: string) => call(rejectRoute.POST, "reviewer", `/api/v1/change-requests/${id}/reject`, { method: "POST", params: { id }, body: { comment: reason } });

async function approve(id: string): Promise<string> {
  await passVerification(database.db, id);
  const res = await call(approveRoute.POST, "reviewer", `/api/v1/change-requests/${id}/approve`, { method: "POST", params: { id }, body: { comment: "ok" } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return ((res.json as unknown as ChangeRequest).outcome as { releaseId: string }).releaseId;
}

/** The app's notifications, by whom they are for. */
async function notesOf(app: string) {
  return database.db.select().from(notifications).where(eq(notifications.app, app));
}

async function claimRelease(releaseId: string) {
  const record = await claimDelivery(database.db, { owner: "test", leaseMs: 60_000 });
  expect(record?.releaseId).toBe(releaseId);
  return record!;
}

describe("each event makes exactly one notification, for the requester", () => {
  it("a rejection, with the reviewer and the reason", async () => {
    const app = await newApp();
    const id = await ask(app);
    expect((await reject(id, "bucket 3 is for the holdout")).status).toBe(200);
    const notes = await notesOf(app);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ person: people.editor.actor.id, kind: "rejected", changeRequestId: id, readAt: null, webhookState: "none" });
    expect(notes[0]!.message).toMatch(new RegExp(`rejected by ${people.reviewer.actor.email}: bucket 3 is for the holdout$`));
  });

  it("an approval, then the delivery of its release", async () => {
    const app = await newApp();
    const id = await ask(app);
    const releaseId = await approve(id);
    expect((await notesOf(app)).map((n) => [n.person, n.kind])).toEqual([[people.editor.actor.id, "approved"]]);
    expect(await markDelivered(database.db, await claimRelease(releaseId), { revision: 1, alreadyPublished: false, center: "test" })).toBe(true);
    const notes = await notesOf(app);
    expect(notes.map((n) => [n.person, n.kind]).sort()).toEqual([
      [people.editor.actor.id, "approved"],
      [people.editor.actor.id, "delivered"],
    ]);
    expect(notes.find((n) => n.kind === "delivered")).toMatchObject({ changeRequestId: id, releaseId });
  });

  it("a delivery the center refused, with the reason", async () => {
    const app = await newApp();
    const releaseId = await approve(await ask(app));
    await markFailed(database.db, await claimRelease(releaseId), { owner: "test", error: "etcd refused the request: too large" });
    const failed = (await notesOf(app)).filter((n) => n.kind === "delivery_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ person: people.editor.actor.id, releaseId });
    expect(failed[0]!.message).toMatch(/not delivered: etcd refused the request: too large$/);
  });

  it("a failed verification of a pending request, once however often it fails again", async () => {
    const app = await newApp();
    // A model version no instance holds: the reference check fails.
    const id = await ask(app, "19990101");
    await settleVerifications();
    const { request } = await loadChangeRequest(database.db, id);
    await startRequestVerification(database.db, { actor: SYSTEM, request });
    await settleVerifications();
    const notes = await notesOf(app);
    expect(notes.map((n) => [n.person, n.kind, n.changeRequestId])).toEqual([[people.editor.actor.id, "verification_failed", id]]);
    expect(notes[0]!.message).toMatch(/cannot be approved yet\. Verification failed: /);
  });
});

describe("only the owner reads theirs", () => {
  it("lists, counts and marks read their own; anyone else's is a 404 and stays unread", async () => {
    const app = await newApp();
    await reject(await ask(app), "first");
    await reject(await ask(app), "second");
    const mine = (await call(listRoute.GET, "editor", "/api/v1/notifications", { query: { app } })).json as unknown as NotificationPage;
    expect(mine.items.map((n) => n.message.replace(/.*: /, ""))).toEqual(["second", "first"]);
    const theirs = (await call(listRoute.GET, "other", "/api/v1/notifications", { query: { app } })).json as unknown as NotificationPage;
    expect(theirs.items).toEqual([]);
    expect(((await call(listRoute.GET, "reviewer", "/api/v1/notifications", { query: { app } })).json as unknown as NotificationPage).items).toEqual([]);

    const target = mine.items[0]!;
    const stranger = await call(readRoute.POST, "other", `/api/v1/notifications/${target.id}/read`, { method: "POST", params: { id: target.id } });
    expect(stranger.status).toBe(404);
    expect((await call(readAllRoute.POST, "other", "/api/v1/notifications/read-all", { method: "POST" })).status).toBe(200);
    const [still] = await database.db.select().from(notifications).where(eq(notifications.id, target.id));
    expect(still!.readAt).toBeNull();

    const before = ((await call(countRoute.GET, "editor", "/api/v1/notifications/unread-count")).json as { unread: number }).unread;
    const read = await call(readRoute.POST, "editor", `/api/v1/notifications/${target.id}/read`, { method: "POST", params: { id: target.id } });
    expect(read.status).toBe(200);
    expect((read.json as unknown as Notification).readAt).not.toBeNull();
    expect(((await call(countRoute.GET, "editor", "/api/v1/notifications/unread-count")).json as { unread: number }).unread).toBe(before - 1);

    const all = await call(readAllRoute.POST, "editor", "/api/v1/notifications/read-all", { method: "POST" });
    expect((all.json as { marked: number }).marked).toBe(before - 1);
    expect(((await call(countRoute.GET, "editor", "/api/v1/notifications/unread-count")).json as { unread: number }).unread).toBe(0);
  });

  it("pages are capped: a limit over 100 is refused", async () => {
    const res = await call(listRoute.GET, "editor", "/api/v1/notifications", { query: { limit: "101" } });
    expect(res.status).toBe(400);
  });
});

describe("the app's webhook", () => {
  it("gets a signed Slack-compatible body after the decision, retried while the receiver fails", async () => {
    const app = await newApp();
    const receiver = await startHookReceiver();
    try {
      const url = receiver.url(`/notify/${app}`);
      const { secret } = await addHookEndpoint(database.db, { actor: SYSTEM, input: { url } });
      receiver.setSecret(secret);
      const set = await call(webhookRoute.PUT, "editor", `/api/v1/apps/${app}/notification-webhook`, { method: "PUT", params: { app }, body: { url } });
      expect(set.status, JSON.stringify(set.json)).toBe(200);
      // The receiver is away once: the notification is sent again.
      let calls = 0;
      receiver.setReply(() => (++calls === 1 ? 503 : 200));
      const id = await ask(app);
      expect((await reject(id, "not before the freeze ends")).status).toBe(200);
      await settleNotificationWebhooks();

      expect(receiver.received).toHaveLength(2);
      const hook = receiver.received[1]!;
      expect(hook.signatureValid).toBe(true);
      const body = JSON.parse(hook.body) as Record<string, unknown>;
      expect(body.text).toMatch(new RegExp(`^\\[${app}\\] .*rejected by .*: not before the freeze ends$`));
      expect(body).toMatchObject({ type: "change_notification", app, kind: "rejected", changeRequestId: id, blocks: [{ type: "section" }] });
      const [note] = await notesOf(app);
      expect(note).toMatchObject({ webhookState: "delivered", webhookAttempts: 2, webhookError: null });
    } finally {
      await receiver.close();
    }
  });

  it("a URL not on the allow-list is refused with 422 and nothing changes", async () => {
    const app = await newApp();
    const audited = async () => (await database.db.select().from(auditLog).where(and(eq(auditLog.app, app), eq(auditLog.action, "notification_webhook")))).length;
    const res = await call(webhookRoute.PUT, "editor", `/api/v1/apps/${app}/notification-webhook`, { method: "PUT", params: { app }, body: { url: "http://127.0.0.1:9/not-listed" } });
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toMatch(/not on the hook allow-list/);
    const now = await call(webhookRoute.GET, "editor", `/api/v1/apps/${app}/notification-webhook`, { params: { app } });
    expect(now.json).toEqual({ url: null, updatedBy: null, updatedAt: null });
    expect(await audited()).toBe(0);
    const viewer = await createPerson(database.db, "viewer");
    const refused = await callRoute(webhookRoute.PUT, `/api/v1/apps/${app}/notification-webhook`, { method: "PUT", params: { app }, body: { url: null }, cookie: viewer.cookie });
    expect(refused.status).toBe(403);
  });
});
