import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { changeRequests, dagDocuments, dagHookCalls, dagNodeStates } from "@/db/schema";
import { approveChangeRequest } from "@/server/approvals/approve-change-request";
import { rejectChangeRequest } from "@/server/approvals/reject-change-request";
import { SYSTEM, type Actor } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { DagDocument, DagNodeState } from "@/server/contracts/dag";
import { getLatestContent } from "@/server/releases/get-latest-content";
import { callbackToken, startHookReceiver } from "@/test/support/hook-receiver";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase } from "@/test/support/test-db";
import { addHookEndpoint } from "../allowlist/add-hook-endpoint";
import { answerCallback } from "../callbacks/answer-callback";
import { getDag } from "../documents/get-dag";
import { saveDag } from "../documents/save-dag";
import { buildDag } from "../graph/test-dag";
import { setDataVersion } from "../nodes/set-data-version";
import { retryNode } from "../nodes/retry-node";
import { getDagStatus } from "../status/get-dag-status";
import { listNodeEvents } from "../status/list-node-events";
import { createDagEngine, type DagEngine } from "./create-dag-engine";
import { runEngineStep } from "./run-engine-step";

/**
 * The engine against a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL) and a
 * real HTTP hook receiver. Each case gets an app of its own.
 */
let database: Database;
let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
let editor: TestPerson;
let reviewer: TestPerson;
let secondReviewer: TestPerson;
const engines: DagEngine[] = [];
const engineErrors: unknown[] = [];
let appSeq = 0;
/** The engines' clock runs `offsetMs` ahead of the wall clock (timeouts and backoffs). */
let offsetMs = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await startHookReceiver();
  const { secret } = await addHookEndpoint(database.db, { actor: SYSTEM, input: { url: receiver.url(), description: "test receiver" } });
  receiver.setSecret(secret);
  editor = await createPerson(database.db, "editor");
  reviewer = await createPerson(database.db, "reviewer");
  secondReviewer = await createPerson(database.db, "reviewer");
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  expect(engineErrors.splice(0)).toEqual([]);
  receiver.setReply(() => 202);
  offsetMs = 0;
});

afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

function engine(id = "engine-a"): DagEngine {
  const e = createDagEngine({
    db: database.db,
    engineId: id,
    publicUrl: "http://console.test",
    retry: { retryBaseMs: 1000, retryMaxMs: 8000 },
    now: () => new Date(Date.now() + offsetMs),
    onError: (err) => engineErrors.push(err),
  });
  engines.push(e);
  return e;
}

/** A fresh app with this DAG saved (hooks pointing at the test receiver). */
async function appWith(dag: DagDocument): Promise<string> {
  const app = `dagapp${++appSeq}`;
  await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  for (const node of dag.nodes) if (node.trigger) node.trigger.hookUrl = receiver.url();
  await saveDag(database.db, { actor: editor.actor, app, input: { version: 0, document: dag } });
  return app;
}

async function state(app: string, key: string): Promise<DagNodeState> {
  const [row] = await database.db.select().from(dagNodeStates).where(and(eq(dagNodeStates.app, app), eq(dagNodeStates.key, key)));
  if (!row) throw new Error(`no state for ${app}/${key}`);
  return row.state;
}

const hooksOf = (app: string, node?: string) => receiver.received.filter((h) => h.payload.app === app && (!node || h.payload.node === node));
const confirm = (app: string, node: string, i = -1) => answerCallback(database.db, { token: callbackToken(hooksOf(app, node).at(i)!.payload), input: { status: "success" } });
const set = (app: string, key: string, version: string, actor: Actor = editor.actor) => setDataVersion(database.db, { actor, app, key, input: { version } });

const CHAIN = () => buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"]);

describe("data nodes", () => {
  it.each([
    ["an older version", "9", 409],
    ["the same version", "10", 409],
    ["a newer version", "11", 200],
  ])("setting %s after 10 answers %i", async (_, version, status) => {
    const app = await appWith(CHAIN());
    await set(app, "d", "10");
    const result = await set(app, "d", version).then(
      () => 200,
      (e: { status: number }) => e.status,
    );
    expect(result).toBe(status);
    expect((await state(app, "d")).online).toBe(status === 200 ? version : "10");
  });

  it("only data nodes are set from outside (422), and an unknown node is a 404", async () => {
    const app = await appWith(CHAIN());
    await expect(set(app, "t", "1")).rejects.toMatchObject({ status: 422 });
    await expect(set(app, "nope", "1")).rejects.toMatchObject({ status: 404 });
  });
});

describe("trigger nodes", () => {
  it("move ready up when every predecessor settled and one moved, and call the hook once, signed", async () => {
    const app = await appWith(buildDag({ a: "data", b: "data", t: "trigger", o: "output" }, ["a->t", "b->t", "t->o"]));
    await set(app, "a", "20240105");
    // b has no version yet: t cannot build from it.
    expect(await state(app, "t")).toMatchObject({ phase: "waiting_predecessors", waitingFor: ["b"], ready: null });
    await set(app, "b", "20240103");
    expect(await state(app, "t")).toMatchObject({ phase: "hook_pending", ready: "20240105", consumed: { a: "20240105", b: "20240103" } });

    const e = engine();
    await e.runOnce();
    await e.runOnce();
    const hooks = hooksOf(app, "t");
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.signatureValid).toBe(true);
    expect(hooks[0]!.method).toBe("POST");
    expect(hooks[0]!.payload).toMatchObject({ app, node: "t", version: "20240105", attempt: 1, predecessors: { a: "20240105", b: "20240103" } });
    expect(hooks[0]!.payload.callbackUrl).toMatch(/^http:\/\/console\.test\/api\/v1\/dag\/callbacks\/dcb_/);
    expect(await state(app, "t")).toMatchObject({ phase: "waiting_confirmation", attempts: 1, online: null });
  });

  it("wait while a predecessor is moving, and move once it is online", async () => {
    const app = await appWith(buildDag({ d: "data", t1: "trigger", t2: "trigger", o: "output" }, ["d->t1", "t1->t2", "t2->o"]));
    await set(app, "d", "5");
    const e = engine();
    await e.runOnce();
    expect(await state(app, "t2")).toMatchObject({ phase: "waiting_predecessors", waitingFor: ["t1"] });
    expect(hooksOf(app, "t2")).toHaveLength(0);
    await confirm(app, "t1");
    expect(await state(app, "t1")).toMatchObject({ online: "5", phase: "idle" });
    expect(await state(app, "t2")).toMatchObject({ phase: "hook_pending", ready: "5" });
    await e.runOnce();
    expect(hooksOf(app, "t2")).toHaveLength(1);
  });

  it("confirmed through the callback: ready becomes online and the output node writes the config center", async () => {
    const app = await appWith(CHAIN());
    await set(app, "d", "20240105");
    const e = engine();
    await e.runOnce();
    const result = await confirm(app, "t");
    expect(result).toMatchObject({ node: "t", version: "20240105", phase: "idle", online: "20240105" });
    const content = await getLatestContent(database.db, app);
    expect(content?.versions).toEqual({ o: "20240105" });
    const status = await getDagStatus(database.db, app);
    expect(status.nodes.find((n) => n.key === "o")).toMatchObject({ online: "20240105", output: { pending: null } });
    const events = (await listNodeEvents(database.db, { app, key: "t" })).events.map((ev) => ev.type);
    expect(events).toEqual(expect.arrayContaining(["ready", "hook_called", "hook_accepted", "hook_confirmed", "promoted"]));
  });

  it.each([
    ["a wrong token", async (_app: string) => "dcb_not-a-token-that-was-ever-issued", 404],
    [
      "a second callback",
      async (app: string) => {
        await confirm(app, "t");
        return callbackToken(hooksOf(app, "t").at(-1)!.payload);
      },
      409,
    ],
    [
      "an old version",
      async (app: string) => {
        const token = callbackToken(hooksOf(app, "t").at(-1)!.payload);
        await confirm(app, "t");
        await set(app, "d", "3"); // t moves on to 3; the call for 2 is superseded
        return token;
      },
      409,
    ],
  ])("a callback with %s is refused and changes nothing", async (_, prepare, status) => {
    const app = await appWith(CHAIN());
    await set(app, "d", "2");
    await engine().runOnce();
    const token = await prepare(app);
    const before = await state(app, "t");
    const releasesBefore = await getLatestContent(database.db, app);
    const err = await answerCallback(database.db, { token, input: { status: "success" } }).catch((e: { status: number }) => e);
    expect(err).toMatchObject({ status });
    expect(await state(app, "t")).toEqual(before);
    expect(await getLatestContent(database.db, app)).toEqual(releasesBefore);
  });

  it("a failure callback fails the node with the reason until a person retries it", async () => {
    const app = await appWith(buildDag({ d: "data", t: { kind: "trigger", retries: 3 }, o: "output" }, ["d->t", "t->o"]));
    await set(app, "d", "7");
    const e = engine();
    await e.runOnce();
    await answerCallback(database.db, { token: callbackToken(hooksOf(app, "t")[0]!.payload), input: { status: "failure", message: "checksum mismatch" } });
    expect(await state(app, "t")).toMatchObject({ phase: "failed", lastError: { kind: "hook_failed", message: expect.stringContaining("checksum mismatch") } });
    offsetMs = 3600_000;
    await e.runOnce();
    expect(hooksOf(app, "t")).toHaveLength(1); // a reported failure is not retried by itself
    await retryNode(database.db, { actor: editor.actor, app, key: "t" });
    await e.runOnce();
    expect(hooksOf(app, "t")).toHaveLength(2);
    expect(hooksOf(app, "t")[1]!.payload).toMatchObject({ version: "7", attempt: 1 });
    await confirm(app, "t");
    expect(await state(app, "t")).toMatchObject({ online: "7", phase: "idle" });
  });

  it("retries network errors and 5xx with backoff, while its retries last", async () => {
    const app = await appWith(buildDag({ d: "data", t: { kind: "trigger", retries: 2 }, o: "output" }, ["d->t", "t->o"]));
    const replies: ("drop" | number)[] = [503, "drop", 202];
    receiver.setReply((hook) => (hook.payload.app === app ? replies.shift()! : 202));
    await set(app, "d", "1");
    const e = engine();
    await e.runOnce();
    expect(await state(app, "t")).toMatchObject({ phase: "failed", attempts: 1 });
    await e.runOnce(); // backoff (1 s) not over: no call
    expect(hooksOf(app, "t")).toHaveLength(1);
    offsetMs = 1100;
    await e.runOnce();
    expect(hooksOf(app, "t")).toHaveLength(2);
    expect(await state(app, "t")).toMatchObject({ phase: "failed", attempts: 2 });
    offsetMs = 1100 + 1500; // second backoff is 2 s
    await e.runOnce();
    expect(hooksOf(app, "t")).toHaveLength(2);
    offsetMs = 1100 + 2100;
    await e.runOnce();
    expect(hooksOf(app, "t").map((h) => h.payload.attempt)).toEqual([1, 2, 3]);
    expect(await state(app, "t")).toMatchObject({ phase: "waiting_confirmation", attempts: 3 });
  });

  it("stops retrying when the retries are used up, and a refusal (4xx) is not retried", async () => {
    const app = await appWith(buildDag({ d: "data", t: { kind: "trigger", retries: 1 }, o: "output" }, ["d->t", "t->o"]));
    receiver.setReply((hook) => (hook.payload.app === app ? 500 : 202));
    await set(app, "d", "1");
    const e = engine();
    await e.runOnce();
    offsetMs = 60_000;
    await e.runOnce();
    await e.runOnce();
    expect(hooksOf(app, "t")).toHaveLength(2);
    expect((await state(app, "t")).lastError?.message).toMatch(/attempt 2 of 2; no retries left/);

    const app2 = await appWith(buildDag({ d: "data", t: { kind: "trigger", retries: 3 }, o: "output" }, ["d->t", "t->o"]));
    receiver.setReply((hook) => (hook.payload.app === app2 ? 400 : 202));
    await set(app2, "d", "1");
    await e.runOnce();
    await e.runOnce();
    expect(hooksOf(app2, "t")).toHaveLength(1);
    expect(await state(app2, "t")).toMatchObject({ phase: "failed", lastError: { message: expect.stringContaining("answered 400") } });
  });

  it("times out without a confirmation: failed until retried", async () => {
    const app = await appWith(CHAIN());
    await set(app, "d", "1");
    const e = engine();
    await e.runOnce();
    offsetMs = 31_000; // the trigger's timeout is 30 s
    await e.runOnce();
    expect(await state(app, "t")).toMatchObject({ phase: "failed", lastError: { message: expect.stringContaining("timeout") } });
    const err = await confirm(app, "t").catch((x: { status: number }) => x);
    expect(err).toMatchObject({ status: 409 });
  });

  it("a failed node stays failed on a newer data version until retried, and the retry takes the newest", async () => {
    const app = await appWith(CHAIN());
    receiver.setReply((hook) => (hook.payload.app === app ? 400 : 202));
    await set(app, "d", "1");
    const e = engine();
    await e.runOnce();
    expect((await state(app, "t")).phase).toBe("failed");
    receiver.setReply(() => 202);
    await set(app, "d", "2");
    offsetMs = 3600_000;
    await e.runOnce();
    expect(hooksOf(app, "t").map((h) => h.payload.version)).toEqual(["1"]);
    expect(await state(app, "t")).toMatchObject({ phase: "failed", ready: "1", lastError: { message: expect.stringContaining("answered 400") } });

    // The retry drops the superseded failed version and calls the hook for the newest input.
    await retryNode(database.db, { actor: editor.actor, app, key: "t" });
    expect(await state(app, "t")).toMatchObject({ online: null, ready: "2", phase: "hook_pending" });
    await e.runOnce();
    expect(hooksOf(app, "t").map((h) => h.payload.version)).toEqual(["1", "2"]);
    await confirm(app, "t");
    expect(await state(app, "t")).toMatchObject({ online: "2", phase: "idle" });
    expect((await getLatestContent(database.db, app))?.versions).toEqual({ o: "2" });
  });

  it("a retry without newer inputs calls the hook again for the failed version", async () => {
    const app = await appWith(CHAIN());
    receiver.setReply((hook) => (hook.payload.app === app ? 400 : 202));
    await set(app, "d", "1");
    const e = engine();
    await e.runOnce();
    expect((await state(app, "t")).phase).toBe("failed");
    receiver.setReply(() => 202);
    await retryNode(database.db, { actor: editor.actor, app, key: "t" });
    await e.runOnce();
    expect(hooksOf(app, "t").map((h) => h.payload.version)).toEqual(["1", "1"]);
    await confirm(app, "t");
    expect(await state(app, "t")).toMatchObject({ online: "1", phase: "idle" });
  });
});

describe("output nodes", () => {
  // o reads t (built from x) and the data node y directly: two inputs at different versions.
  const dagWriting = (writes: "own_key" | "predecessor_keys" | "both") =>
    buildDag({ x: "data", y: "data", t: "trigger", o: { kind: "output", writes } }, ["x->t", "t->o", "y->o"]);

  it.each([
    ["own_key", { o: "20240105" }],
    ["predecessor_keys", { t: "20240105", y: "3" }],
    ["both", { o: "20240105", t: "20240105", y: "3" }],
  ] as const)("writing %s puts those versions in the config center", async (writes, expected) => {
    const app = await appWith(dagWriting(writes));
    await set(app, "y", "3");
    await set(app, "x", "20240105");
    await engine().runOnce();
    await confirm(app, "t");
    expect((await getLatestContent(database.db, app))?.versions).toEqual(expected);
    expect((await getDagStatus(database.db, app)).nodes.find((n) => n.key === "o")).toMatchObject({ online: "20240105", output: { delivered: { versions: expected } } });
  });

  it("a document stored with the legacy `writes: versions` keeps writing the node's own key, and reads back as own_key", async () => {
    const app = await appWith(dagWriting("own_key"));
    const [row] = await database.db.select().from(dagDocuments).where(eq(dagDocuments.app, app));
    const legacy = { ...row!.document, nodes: row!.document.nodes.map((n) => (n.kind === "output" ? { ...n, output: { writes: "versions" as const } } : n)) };
    await database.db.update(dagDocuments).set({ document: legacy }).where(eq(dagDocuments.app, app));
    expect((await getDag(database.db, app)).document.nodes.find((n) => n.key === "o")?.output).toEqual({ writes: "own_key" });
    await set(app, "y", "3");
    await set(app, "x", "7");
    await engine().runOnce();
    await confirm(app, "t");
    expect((await getLatestContent(database.db, app))?.versions).toEqual({ o: "7" });
  });
});

describe("approvals", () => {
  const APPROVED_CHAIN = () => buildDag({ d: "data", t: { kind: "trigger", requiresApproval: true }, o: "output" }, ["d->t", "t->o"]);

  async function waitingForApproval() {
    const app = await appWith(APPROVED_CHAIN());
    await set(app, "d", "42", reviewer.actor); // a reviewer set the data: they may not approve
    await engine().runOnce();
    await confirm(app, "t");
    const s = await state(app, "t");
    expect(s).toMatchObject({ phase: "waiting_approval", online: null, ready: "42" });
    const [request] = await database.db.select().from(changeRequests).where(and(eq(changeRequests.app, app), eq(changeRequests.kind, "dag_promotion")));
    return { app, requestId: request!.id };
  }

  it("a reviewer who did not set the data approves: ready becomes online and the output writes", async () => {
    const { app, requestId } = await waitingForApproval();
    await expect(approveChangeRequest(database.db, { actor: reviewer.actor, id: requestId, input: { comment: "mine" } })).rejects.toMatchObject({ status: 403 });
    expect((await state(app, "t")).phase).toBe("waiting_approval");
    await approveChangeRequest(database.db, { actor: secondReviewer.actor, id: requestId, input: { comment: "looks right" } });
    expect(await state(app, "t")).toMatchObject({ phase: "idle", online: "42" });
    expect((await getLatestContent(database.db, app))?.versions).toEqual({ o: "42" });
  });

  it("a rejection fails the node with the reviewer's reason", async () => {
    const { app, requestId } = await waitingForApproval();
    await rejectChangeRequest(database.db, { actor: secondReviewer.actor, id: requestId, input: { comment: "the AUC dropped" } });
    expect(await state(app, "t")).toMatchObject({ phase: "failed", online: null, lastError: { kind: "approval_rejected", message: "the AUC dropped" } });
    expect(await getLatestContent(database.db, app)).toBeNull();
  });
});

describe("several engines, restarts", () => {
  it("two engines on one database call each hook exactly once", async () => {
    const dag = buildDag({ d: "data", t1: "trigger", t2: "trigger", t3: "trigger", o: "output" }, ["d->t1", "d->t2", "d->t3", "t1->o", "t2->o", "t3->o"]);
    const app = await appWith(dag);
    await set(app, "d", "9");
    const a = engine("engine-a");
    const b = engine("engine-b");
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    expect(hooksOf(app).map((h) => h.payload.node).sort()).toEqual(["t1", "t2", "t3"]);
    const calls = await database.db.select().from(dagHookCalls).where(eq(dagHookCalls.app, app));
    expect(calls).toHaveLength(3);
    for (const node of ["t1", "t2", "t3"]) await confirm(app, node);
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect((await getLatestContent(database.db, app))?.versions).toEqual({ o: "9" });
  });

  it("a restart between committing a call and sending it never sends it; the call times out and a retry sends it", async () => {
    const app = await appWith(CHAIN());
    await set(app, "d", "3");
    // The step commits the call; the process dies before sending what it returned.
    const step = await runEngineStep(database.db, app, { engineId: "crashed", publicUrl: "http://console.test", requestTimeoutMs: 1000, at: new Date() });
    expect(step.requests).toHaveLength(1);
    const restarted = engine("restarted");
    await restarted.runOnce();
    expect(hooksOf(app)).toHaveLength(0);
    expect((await state(app, "t")).phase).toBe("hook_called");
    offsetMs = 31_000;
    await restarted.runOnce();
    expect((await state(app, "t")).phase).toBe("failed");
    await retryNode(database.db, { actor: editor.actor, app, key: "t" });
    await restarted.runOnce();
    expect(hooksOf(app)).toHaveLength(1);
  });

  it("a restart while waiting for the callback resumes: the callback still settles, nothing is called again", async () => {
    const app = await appWith(CHAIN());
    await set(app, "d", "4");
    const first = engine("first");
    await first.runOnce();
    await first.stop();
    const second = engine("second");
    await second.runOnce();
    expect(hooksOf(app)).toHaveLength(1);
    await confirm(app, "t");
    await second.runOnce();
    expect((await state(app, "t")).online).toBe("4");
    expect((await getLatestContent(database.db, app))?.versions).toEqual({ o: "4" });
  });
});

describe("alerts", () => {
  it("flags a stale version and an expiring one, and sends each to the webhook once, signed", async () => {
    const dag = buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"]);
    dag.nodes[0]!.staleAfterSeconds = 60;
    // "expiring" spans 80-100% of the limit: 8,000-10,000 s here, so the seconds the steps take
    // on a loaded machine (well inside the test timeout) cannot move the node past it.
    dag.nodes[0]!.expiresAfterSeconds = 10_000;
    const app = await appWith(dag);
    const { version } = await import("../documents/get-dag").then((m) => m.getDag(database.db, app));
    await saveDag(database.db, { actor: editor.actor, app, input: { version, document: dag, alertWebhookUrl: receiver.url() } });
    await set(app, "d", "1");
    offsetMs = 9_000_000;
    const e = engine();
    await e.runOnce();
    await e.runOnce();
    const status = await getDagStatus(database.db, app, new Date(Date.now() + offsetMs));
    expect(status.alerts.map((a) => a.kind).sort()).toEqual(["expiring", "stale"]);
    expect(status.nodes.find((n) => n.key === "d")?.alerts.sort()).toEqual(["expiring", "stale"]);
    const sent = receiver.received.filter((h) => (h.payload as unknown as { type?: string; app?: string }).type === "dag_alert" && h.payload.app === app);
    expect(sent.map((h) => (h.payload as unknown as { kind: string }).kind).sort()).toEqual(["expiring", "stale"]);
    expect(sent.every((h) => h.signatureValid)).toBe(true);
  });
});
