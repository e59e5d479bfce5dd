import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as dagRoute from "@/app/api/v1/apps/[app]/dag/route";
import * as statusRoute from "@/app/api/v1/apps/[app]/dag/status/route";
import * as eventsRoute from "@/app/api/v1/apps/[app]/dag/nodes/[key]/events/route";
import * as versionRoute from "@/app/api/v1/apps/[app]/dag/nodes/[key]/version/route";
import * as allowlistRoute from "@/app/api/v1/admin/hook-allowlist/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as changeRequestRoute from "@/app/api/v1/change-requests/[id]/route";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import type { Database } from "@/db/client";
import { auditLog, dagDocuments } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { createApp } from "@/server/apps/create-app";
import type { DagDocument } from "@/server/contracts/dag";
import type { DagRecord } from "@/server/contracts/dag-save";
import { SECRET_MASK } from "@/server/contracts/dag-secrets";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import { createDagEngine, type DagEngine } from "@/server/dag/engine/create-dag-engine";
import { buildDag } from "@/server/dag/graph/test-dag";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute } from "../support/call-route";
import { startHookReceiver } from "../support/hook-receiver";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

/**
 * Trigger hook headers and URL credentials are write-only (issue 16, Medium 4): nobody reading
 * the DAG, a node, its history, the allow-list, change requests or the audit log sees them, an
 * edit that sends the mask back keeps them, and the hook still gets the real values.
 */
let database: Database;
let editor: TestPerson;
let viewer: TestPerson;
let reviewer: TestPerson;
let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
let engine: DagEngine;
let writerToken = "";
const ORIGIN = "http://console.test";
const M = SECRET_MASK;

const API_KEY = "k3y-VERY-secret";
const NEW_API_KEY = "n3w-key-VERY-secret";
const URL_USER = "hookuser";
const URL_PASSWORD = "hookPASSWORD-secret";
let hookUrl = "";
let maskedHookUrl = "";
let otherHookUrl = "";
const SECRETS = [API_KEY, NEW_API_KEY, URL_USER, URL_PASSWORD, "Bearer"];

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
  viewer = await createPerson(database.db, "viewer");
  reviewer = await createPerson(database.db, "reviewer");
  receiver = await startHookReceiver();
  hookUrl = `http://${URL_USER}:${URL_PASSWORD}@127.0.0.1:${receiver.port}/load`;
  maskedHookUrl = `http://${M}:${M}@127.0.0.1:${receiver.port}/load`;
  otherHookUrl = `http://${URL_USER}:${URL_PASSWORD}@127.0.0.1:${receiver.port}/other`;
  const { secret } = await addHookEndpoint(database.db, { actor: SYSTEM, input: { url: hookUrl, description: "loader with credentials" } });
  receiver.setSecret(secret);
  await addHookEndpoint(database.db, { actor: SYSTEM, input: { url: otherHookUrl, description: "other" }, secret });
  ({ secret: writerToken } = await issueToken(database.db, { actor: SYSTEM, input: { name: "data-platform", scopes: ["dag:write"] } }));
  engine = createDagEngine({ db: database.db, publicUrl: "http://127.0.0.1:9", pollMs: 50 });
  engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await receiver?.close();
  await database?.close();
});

let apps = 0;
async function newApp(): Promise<string> {
  const app = `secrets_${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  return app;
}

function dagWithSecrets(opts: { requiresApproval?: boolean } = {}): DagDocument {
  const dag = buildDag({ d: "data", t: { kind: "trigger", requiresApproval: opts.requiresApproval }, o: "output" }, ["d->t", "t->o"]);
  dag.nodes[1]!.trigger = { ...dag.nodes[1]!.trigger!, hookUrl, headers: { "X-Api-Key": API_KEY, "X-Team": "" } };
  return dag;
}

const put = (app: string, version: number, document: unknown, alertWebhookUrl: string | null = null) =>
  callRoute(dagRoute.PUT, `/api/v1/apps/${app}/dag`, { method: "PUT", cookie: editor.cookie, origin: ORIGIN, params: { app }, body: { version, document, alertWebhookUrl } });
const getDag = (app: string, person: TestPerson) => callRoute(dagRoute.GET, `/api/v1/apps/${app}/dag`, { cookie: person.cookie, params: { app } });
const storedRow = async (app: string) => (await database.db.select().from(dagDocuments).where(eq(dagDocuments.app, app)))[0]!;
const stored = async (app: string) => (await storedRow(app)).document;

function expectNoSecrets(what: string, json: unknown) {
  const text = JSON.stringify(json);
  for (const secret of SECRETS) expect(text, `${what} shows ${secret}`).not.toContain(secret);
}

/** Sets the data node's version and waits for the hook request the trigger sends for it. */
async function hookFor(app: string, version: string) {
  const res = await callRoute(versionRoute.PUT, `/api/v1/apps/${app}/dag/nodes/d/version`, { method: "PUT", token: writerToken, params: { app, key: "d" }, body: { version } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  await expect.poll(() => receiver.received.filter((h) => h.payload.app === app && h.payload.version === version).length, { timeout: 10_000 }).toBe(1);
  return receiver.received.find((h) => h.payload.app === app && h.payload.version === version)!;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("hook secrets are write-only", () => {
  it("no viewer or editor reads header values or URL credentials: DAG, save answer, status, history, allow-list, audit", async () => {
    const app = await newApp();
    const saved = await put(app, 0, dagWithSecrets());
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expectNoSecrets("the save answer", saved.json);

    for (const person of [viewer, editor]) {
      const res = await getDag(app, person);
      expect(res.status).toBe(200);
      expectNoSecrets(`GET dag as ${person.actor.role}`, res.json);
      const trigger = (res.json as unknown as DagRecord).document.nodes.find((n) => n.key === "t")!.trigger!;
      expect(trigger).toMatchObject({ hookUrl: maskedHookUrl, headers: { "X-Api-Key": M, "X-Team": "" } });
    }

    await hookFor(app, "1");
    const status = await callRoute(statusRoute.GET, `/api/v1/apps/${app}/dag/status`, { cookie: viewer.cookie, params: { app } });
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.json)).toContain(`127.0.0.1:${receiver.port}/load`);
    expectNoSecrets("the status", status.json);
    const events = await callRoute(eventsRoute.GET, `/api/v1/apps/${app}/dag/nodes/t/events`, { cookie: viewer.cookie, params: { app, key: "t" } });
    expect(events.status).toBe(200);
    expectNoSecrets("the node history", events.json);

    const allowlist = await callRoute(allowlistRoute.GET, "/api/v1/admin/hook-allowlist", { cookie: viewer.cookie });
    expect(allowlist.json.endpoints).toEqual(expect.arrayContaining([expect.objectContaining({ url: maskedHookUrl })]));
    expectNoSecrets("the allow-list", allowlist.json);

    for (const person of [viewer, editor]) {
      const audit = await callRoute(auditRoute.GET, "/api/v1/audit", { cookie: person.cookie, query: { limit: "200" } });
      expect(audit.status).toBe(200);
      expect((audit.json.entries as { kind: string; target: string }[]).some((e) => e.kind === "dag" && e.target === app)).toBe(true);
      expectNoSecrets(`the audit log as ${person.actor.role}`, audit.json);
    }
    // Not masked on read only: the new audit row itself holds no secret.
    const rows = await database.db.select({ target: auditLog.target, before: auditLog.before, after: auditLog.after }).from(auditLog).where(eq(auditLog.kind, "dag"));
    expect(rows.length).toBeGreaterThan(0);
    expectNoSecrets("the stored audit rows", rows);
  });

  it("audit rows written before the masking are shown masked too", async () => {
    const app = await newApp();
    const before = dagWithSecrets();
    await database.db.transaction((tx) =>
      recordAudit(tx, { actor: SYSTEM, app, kind: "dag", action: "create", target: app, after: { version: 1, document: before, alertWebhookUrl: hookUrl } }),
    );
    const audit = await callRoute(auditRoute.GET, "/api/v1/audit", { cookie: viewer.cookie, query: { app, kind: "dag" } });
    expect(audit.json.entries).toHaveLength(1);
    expectNoSecrets("an old audit row", audit.json);
  });

  it("an edit that sends the masked values back keeps them, and the hook gets the real ones", async () => {
    const app = await newApp();
    expect((await put(app, 0, dagWithSecrets(), otherHookUrl)).status).toBe(200);
    // What the editor loaded (masked), with something else changed.
    const loaded = (await getDag(app, editor)).json as unknown as DagRecord;
    expect(loaded.alertWebhookUrl).toBe(`http://${M}:${M}@127.0.0.1:${receiver.port}/other`);
    const edited = structuredClone(loaded.document);
    edited.nodes.find((n) => n.key === "t")!.description = "loads the scores";
    const res = await put(app, loaded.version, edited, loaded.alertWebhookUrl);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect((await storedRow(app)).alertWebhookUrl).toBe(otherHookUrl);

    const trigger = (await stored(app)).nodes.find((n) => n.key === "t")!;
    expect(trigger.description).toBe("loads the scores");
    expect(trigger.trigger).toMatchObject({ hookUrl, headers: { "X-Api-Key": API_KEY, "X-Team": "" } });

    const hook = await hookFor(app, "1");
    expect(hook.path).toBe("/load");
    expect(hook.headers["x-api-key"]).toBe(API_KEY);
    expect(hook.headers.authorization).toBe(basic(URL_USER, URL_PASSWORD));
    expect(hook.signatureValid).toBe(true);
  });

  it("a new value replaces the stored one; a masked value with nothing stored is refused", async () => {
    const app = await newApp();
    expect((await put(app, 0, dagWithSecrets())).status).toBe(200);
    const loaded = (await getDag(app, editor)).json as unknown as DagRecord;
    const edited = structuredClone(loaded.document);
    edited.nodes.find((n) => n.key === "t")!.trigger!.headers = { "X-Api-Key": NEW_API_KEY, "X-Team": "" };
    const res = await put(app, loaded.version, edited);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expectNoSecrets("the save answer", res.json);
    expect((await stored(app)).nodes.find((n) => n.key === "t")!.trigger!.headers).toEqual({ "X-Api-Key": NEW_API_KEY, "X-Team": "" });
    const hook = await hookFor(app, "1");
    expect(hook.headers["x-api-key"]).toBe(NEW_API_KEY);

    const refused = structuredClone(edited);
    refused.nodes.find((n) => n.key === "t")!.trigger!.headers = { "X-Api-Key": M, "X-Other": M };
    const bad = await put(app, loaded.version + 1, refused);
    expect(bad.status).toBe(422);
    expect(bad.json.error?.message).toContain("X-Other");
    expectNoSecrets("the refusal", bad.json);
    expect((await stored(app)).nodes.find((n) => n.key === "t")!.trigger!.headers).toEqual({ "X-Api-Key": NEW_API_KEY, "X-Team": "" });
  });

  it("a masked allow-listed URL chosen for a new node is the allow-listed URL; a stale save's 409 shows no secret", async () => {
    const app = await newApp();
    const dag = dagWithSecrets();
    dag.nodes[1]!.trigger!.hookUrl = maskedHookUrl;
    dag.nodes[1]!.trigger!.headers = { "X-Api-Key": API_KEY };
    const res = await put(app, 0, dag);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect((await stored(app)).nodes.find((n) => n.key === "t")!.trigger!.hookUrl).toBe(hookUrl);
    const stale = await put(app, 0, dag);
    expect(stale.status).toBe(409);
    expectNoSecrets("the conflict", stale.json);
  });

  it("a save that waits for review holds the real values; the request shows them masked; approving stores them", async () => {
    const app = await newApp();
    expect((await put(app, 0, dagWithSecrets({ requiresApproval: true }))).status).toBe(200);
    const loaded = (await getDag(app, editor)).json as unknown as DagRecord;
    const edited = structuredClone(loaded.document);
    const trigger = edited.nodes.find((n) => n.key === "t")!.trigger!;
    trigger.hookUrl = otherHookUrl; // a changed hook URL needs a reviewer
    const res = await put(app, loaded.version, edited);
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expectNoSecrets("the pending save answer", res.json);
    const id = (res.json.pendingReview as { id: string }).id;
    const request = await callRoute(changeRequestRoute.GET, `/api/v1/change-requests/${id}`, { cookie: viewer.cookie, params: { id } });
    expect(request.status).toBe(200);
    expectNoSecrets("the change request", request.json);

    const approved = await callRoute(approveRoute.POST, `/api/v1/change-requests/${id}/approve`, { method: "POST", cookie: reviewer.cookie, origin: ORIGIN, params: { id }, body: {} });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expectNoSecrets("the approval answer", approved.json);
    expect((await stored(app)).nodes.find((n) => n.key === "t")!.trigger).toMatchObject({ hookUrl: otherHookUrl, headers: { "X-Api-Key": API_KEY } });
  });
});
