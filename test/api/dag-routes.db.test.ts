import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { favpushApp } from "@/db/seed/favpush";
import * as dagRoute from "@/app/api/v1/apps/[app]/dag/route";
import * as statusRoute from "@/app/api/v1/apps/[app]/dag/status/route";
import * as versionRoute from "@/app/api/v1/apps/[app]/dag/nodes/[key]/version/route";
import * as eventsRoute from "@/app/api/v1/apps/[app]/dag/nodes/[key]/events/route";
import * as callbackRoute from "@/app/api/v1/dag/callbacks/[token]/route";
import * as allowlistRoute from "@/app/api/v1/admin/hook-allowlist/route";
import * as allowlistEntryRoute from "@/app/api/v1/admin/hook-allowlist/[id]/route";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { dagHookCalls, dagHookEndpoints } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { listAudit } from "@/server/audit/list-audit";
import { createApp } from "@/server/apps/create-app";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import type { DagDocument } from "@/server/contracts/dag";
import type { DagStatus } from "@/server/contracts/dag-status";
import { createDagEngine, type DagEngine } from "@/server/dag/engine/create-dag-engine";
import { buildDag, idOf } from "@/server/dag/graph/test-dag";
import { getLatestContent } from "@/server/releases/get-latest-content";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute } from "../support/call-route";
import { callbackToken, startHookReceiver, type ReceivedHook } from "../support/hook-receiver";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

let database: Database;
let editor: TestPerson;
let admin: TestPerson;
let viewer: TestPerson;
let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
let hookUrl = "";
/** The console's callback route behind a real HTTP port, so the receiver calls back over HTTP. */
let consoleServer: http.Server;
let consoleUrl = "";
let engine: DagEngine;
const ORIGIN = "http://console.test";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
  admin = await createPerson(database.db, "admin");
  viewer = await createPerson(database.db, "viewer");
  await createApp(database.db, { actor: SYSTEM, input: favpushApp() });
  consoleServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const token = (req.url ?? "").split("/").pop() ?? "";
      const request = new Request(`http://console.test${req.url}`, { method: req.method, headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
      void callbackRoute.POST(request, { params: Promise.resolve({ token }) }).then(async (r) => {
        res.writeHead(r.status, { "content-type": "application/json" });
        res.end(await r.text());
      });
    });
  });
  await new Promise<void>((resolve) => consoleServer.listen(0, "127.0.0.1", resolve));
  consoleUrl = `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}`;
  receiver = await startHookReceiver();
  hookUrl = receiver.url("/load");
  // The loader every test's triggers call, allowed before any test runs (the allow-list test adds its own URL).
  const { secret } = await addHookEndpoint(database.db, { actor: SYSTEM, input: { url: hookUrl, description: "loader" } });
  receiver.setSecret(secret);
  engine = createDagEngine({ db: database.db, publicUrl: consoleUrl, pollMs: 100 });
});

afterAll(async () => {
  await engine?.stop();
  await receiver?.close();
  await new Promise((resolve) => consoleServer?.close(resolve));
  await database?.close();
});

const put = (document: DagDocument, version: number, app = "favpush") =>
  callRoute(dagRoute.PUT, `/api/v1/apps/${app}/dag`, { method: "PUT", cookie: editor.cookie, origin: ORIGIN, params: { app }, body: { version, document } });

// Refused saves go to favpush, which no test changes; a test that saves a DAG has an app of its own.
let apps = 0;
async function newApp(): Promise<string> {
  const app = `dag_${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  return app;
}

function withHooks(dag: DagDocument): DagDocument {
  for (const node of dag.nodes) if (node.trigger) node.trigger.hookUrl = hookUrl;
  return dag;
}

describe("hook allow-list (admin)", () => {
  it("an admin adds a URL and gets its secret once; others may not", async () => {
    const url = receiver.url("/score-refresh");
    const refused = await callRoute(allowlistRoute.POST, "/api/v1/admin/hook-allowlist", { method: "POST", cookie: editor.cookie, origin: ORIGIN, body: { url } });
    expect(refused.status).toBe(403);
    const res = await callRoute(allowlistRoute.POST, "/api/v1/admin/hook-allowlist", { method: "POST", cookie: admin.cookie, origin: ORIGIN, body: { url, description: "refresher" } });
    expect(res.status).toBe(201);
    const list = await callRoute(allowlistRoute.GET, "/api/v1/admin/hook-allowlist", { cookie: viewer.cookie });
    expect(list.json.endpoints).toEqual(expect.arrayContaining([expect.objectContaining({ url, description: "refresher" })]));
    expect(JSON.stringify(list.json)).not.toContain(res.json.secret as string);
    // Stored encrypted (hooks are signed with the decrypted secret: see the engine test below).
    const [stored] = await database.db.select({ secret: dagHookEndpoints.secret }).from(dagHookEndpoints).where(eq(dagHookEndpoints.url, url));
    expect(stored!.secret).toMatch(/^v1:/);
    expect(stored!.secret).not.toContain(res.json.secret as string);
  });
});

describe("saving the DAG", () => {
  const cases: [string, DagDocument, string, string[]][] = [
    ["a cycle (named)", buildDag({ d: "data", a: "trigger", b: "trigger" }, ["d->a", "a->b", "b->a"]), "cycle", ["a", "b"]],
    ["a data node with a predecessor", buildDag({ d: "data", e: "data" }, ["d->e"]), "data_with_predecessor", ["e"]],
    ["an output node with a successor", buildDag({ d: "data", o: "output", t: "trigger" }, ["d->o", "o->t"]), "output_with_successor", ["o"]],
    ["a trigger without a predecessor", buildDag({ t: "trigger" }, []), "trigger_without_predecessor", ["t"]],
  ];

  it.each(cases)("refuses %s with 422 naming the offending nodes, and saves nothing", async (_, dag, code, keys) => {
    const res = await put(withHooks(dag), 0);
    expect(res.status).toBe(422);
    const problems = (res.json.error?.details as { problems: { code: string; nodeIds: string[]; message: string }[] }).problems;
    const problem = problems.find((p) => p.code === code);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem!.nodeIds.sort()).toEqual(keys.map(idOf).sort());
    if (code === "cycle") expect(problem!.message).toMatch(/a -> b -> a|b -> a -> b/);
    const now = await callRoute(dagRoute.GET, "/api/v1/apps/favpush/dag", { cookie: viewer.cookie, params: { app: "favpush" } });
    expect(now.json).toMatchObject({ version: 0, document: { nodes: [] } });
  });

  it("refuses duplicate keys and hooks outside the allow-list", async () => {
    const dup = withHooks(buildDag({ d: "data", t: "trigger" }, ["d->t"]));
    dup.nodes[1]!.key = "d";
    const res = await put(dup, 0);
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error?.details)).toContain("duplicate_key");
    const outside = buildDag({ d: "data", t: "trigger" }, ["d->t"]);
    outside.nodes[1]!.trigger!.hookUrl = "http://127.0.0.1:1/not-allowed";
    const res2 = await put(outside, 0);
    expect(res2.status).toBe(422);
    expect(res2.json.error?.details).toMatchObject({ problems: [{ code: "hook_not_allowed", nodeIds: [idOf("t")] }] });
  });

  it("saves versions with optimistic concurrency (409 on a stale save) and audits them; viewers may not save", async () => {
    const app = await newApp();
    const dag = withHooks(buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"]));
    expect((await callRoute(dagRoute.PUT, `/api/v1/apps/${app}/dag`, { method: "PUT", cookie: viewer.cookie, origin: ORIGIN, params: { app }, body: { version: 0, document: dag } })).status).toBe(403);
    const first = await put(dag, 0, app);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ version: 1, updatedBy: editor.actor.email });
    const second = await put(dag, 1, app);
    expect(second.json).toMatchObject({ version: 2 });
    const stale = await put(dag, 1, app);
    expect(stale.status).toBe(409);
    expect(stale.json.error?.details).toMatchObject({ current: { version: 2 } });
    const audit = await listAudit(database.db, { limit: 50, app });
    expect(audit.entries.filter((e) => e.kind === "dag" && e.target === app).map((e) => e.action)).toEqual(["update", "create"]);
  });
});

describe("a version through the engine, over HTTP", () => {
  it("a machine token sets the data version; the hook is signed; the callback over HTTP settles; bad callbacks are refused", async () => {
    const app = await newApp();
    expect((await put(withHooks(buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"])), 0, app)).status).toBe(200);
    const hooks: ReceivedHook[] = [];
    receiver.setReply((hook) => {
      hooks.push(hook);
      return 202;
    });
    const { secret: writer } = await issueToken(database.db, { actor: SYSTEM, input: { name: "data-platform", scopes: ["dag:write"] } });
    const { secret: reader } = await issueToken(database.db, { actor: SYSTEM, input: { name: "reader", scopes: ["config:read"] } });
    const setVersion = (token: string, version: string) =>
      callRoute(versionRoute.PUT, `/api/v1/apps/${app}/dag/nodes/d/version`, { method: "PUT", token, params: { app, key: "d" }, body: { version } });

    expect((await setVersion(reader, "20240105")).status).toBe(403);
    engine.start();
    const ok = await setVersion(writer, "20240105");
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ key: "d", online: "20240105" });
    expect((await setVersion(writer, "20240101")).status).toBe(409);

    // The outside confirms over HTTP once the engine has recorded its 202 (so the history below
    // holds hook_accepted whatever the machine's speed).
    await expect.poll(async () => (await database.db.select({ status: dagHookCalls.status }).from(dagHookCalls).where(eq(dagHookCalls.app, app))).map((c) => c.status), { timeout: 10_000 }).toEqual(["accepted"]);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.signatureValid).toBe(true);
    const confirmed = await fetch(hooks[0]!.payload.callbackUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "success" }) });
    expect(confirmed.status, await confirmed.text()).toBe(200);
    await expect.poll(async () => (await getLatestContent(database.db, app))?.versions, { timeout: 10_000 }).toEqual({ o: "20240105" });

    const token = callbackToken(hooks[0]!.payload);
    const again = await fetch(hooks[0]!.payload.callbackUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "failure" }) });
    expect(again.status).toBe(409);
    const wrong = await fetch(`${consoleUrl}/api/v1/dag/callbacks/${token.slice(0, -4)}abcd`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "success" }) });
    expect(wrong.status).toBe(404);

    const status = await callRoute(statusRoute.GET, `/api/v1/apps/${app}/dag/status`, { cookie: viewer.cookie, params: { app } });
    const nodes = (status.json as unknown as DagStatus).nodes;
    expect(nodes.find((n) => n.key === "t")).toMatchObject({ online: "20240105", phase: "idle", hook: { status: "confirmed", attempt: 1 } });
    expect(nodes.find((n) => n.key === "d")).toMatchObject({ online: "20240105", setBy: "token:data-platform" });
    expect(nodes.find((n) => n.key === "o")).toMatchObject({ online: "20240105" });
    const events = await callRoute(eventsRoute.GET, `/api/v1/apps/${app}/dag/nodes/t/events`, { cookie: viewer.cookie, params: { app, key: "t" } });
    expect((events.json.events as { type: string }[]).map((e) => e.type)).toEqual(["promoted", "hook_confirmed", "hook_accepted", "hook_called", "ready"]);
  });

  it("an allow-list entry in use cannot be removed", async () => {
    const app = await newApp();
    expect((await put(withHooks(buildDag({ d: "data", t: "trigger" }, ["d->t"])), 0, app)).status).toBe(200);
    const list = await callRoute(allowlistRoute.GET, "/api/v1/admin/hook-allowlist", { cookie: admin.cookie });
    const id = (list.json.endpoints as { id: string; url: string }[]).find((e) => e.url === hookUrl)!.id;
    const res = await callRoute(allowlistEntryRoute.DELETE, `/api/v1/admin/hook-allowlist/${id}`, { method: "DELETE", cookie: admin.cookie, origin: ORIGIN, params: { id } });
    expect(res.status).toBe(409);
    expect(res.json.error?.message).toContain(`${app}/t`);
  });
});
