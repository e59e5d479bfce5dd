import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as dagRoute from "@/app/api/v1/apps/[app]/dag/route";
import * as approveRoute from "@/app/api/v1/change-requests/[id]/approve/route";
import * as rejectRoute from "@/app/api/v1/change-requests/[id]/reject/route";
import * as listRoute from "@/app/api/v1/change-requests/route";
import type { Database } from "@/db/client";
import { createChangeRequest } from "@/server/approvals/create-change-request";
import { createApp } from "@/server/apps/create-app";
import { SYSTEM } from "@/server/auth/actor";
import { listAudit } from "@/server/audit/list-audit";
import type { DagDocument } from "@/server/contracts/dag";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import { getDag as readDag } from "@/server/dag/documents/get-dag";
import { saveDag } from "@/server/dag/documents/save-dag";
import { onDagChange } from "@/server/dag/engine/wake";
import { buildDag, type NodeSpec } from "@/server/dag/graph/test-dag";
import { callRoute } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

/**
 * DAG saves that weaken review (docs/dag.md, "Saves that need a reviewer") wait for a reviewer
 * as `dag_change` requests; other saves stay immediate.
 */

let database: Database;
let editor: TestPerson;
let reviewer: TestPerson;
let admin: TestPerson;
const ORIGIN = "http://console.test";
const OTHER_HOOK = "http://127.0.0.1:9/other";
const reviewed: NodeSpec = { kind: "trigger", requiresApproval: true };
/** d -> train (needs a reviewer) -> o: every test's app starts with it, at version 1. */
const guarded = () => buildDag({ d: "data", train: reviewed, o: "output" }, ["d->train", "train->o"]);

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
  reviewer = await createPerson(database.db, "reviewer");
  admin = await createPerson(database.db, "admin");
  // buildDag's triggers call http://127.0.0.1:9/hook; nothing here runs an engine, so nothing calls it.
  for (const url of ["http://127.0.0.1:9/hook", OTHER_HOOK]) await addHookEndpoint(database.db, { actor: SYSTEM, input: { url } });
});

afterAll(async () => {
  await database?.close();
});

let apps = 0;
async function guardedApp(): Promise<string> {
  const app = `dag_review_${++apps}`;
  await createApp(database.db, { actor: SYSTEM, input: { name: app, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  await saveDag(database.db, { actor: editor.actor, app, input: { version: 0, document: guarded() } });
  return app;
}

const put = (app: string, document: DagDocument, version = 1, who = editor) =>
  callRoute(dagRoute.PUT, `/api/v1/apps/${app}/dag`, { method: "PUT", cookie: who.cookie, origin: ORIGIN, params: { app }, body: { version, document } });
const getDag = async (app: string) => (await callRoute(dagRoute.GET, `/api/v1/apps/${app}/dag`, { cookie: reviewer.cookie, params: { app } })).json;
const decide = (route: typeof approveRoute, id: string, who: TestPerson, comment = "") =>
  callRoute(route.POST, `/api/v1/change-requests/${id}/${route === approveRoute ? "approve" : "reject"}`, {
    method: "POST",
    cookie: who.cookie,
    origin: ORIGIN,
    params: { id },
    body: { comment },
  });

function edit(document: DagDocument, change: (d: DagDocument) => void): DagDocument {
  const copy = structuredClone(document);
  change(copy);
  return copy;
}
const node = (d: DagDocument, key: string) => d.nodes.find((n) => n.key === key)!;

const weakening: [string, (d: DagDocument) => void, unknown][] = [
  ["removing the needs-reviewer flag", (d) => void (node(d, "train").trigger!.requiresApproval = false), { kind: "fewer_reviews", lost: [{ node: "train", why: "flag_removed" }] }],
  ["an edge straight from the data node to the output", (d) => void d.edges.push({ id: "bypass", source: node(d, "d").id, target: node(d, "o").id }), { kind: "fewer_reviews", path: ["d", "o"], lost: [{ node: "train", why: "bypassed" }] }],
  ["changing a trigger's hook URL", (d) => void (node(d, "train").trigger!.hookUrl = OTHER_HOOK), { kind: "hook_url_changed", node: "train", after: OTHER_HOOK }],
];

describe("a DAG save that weakens review", () => {
  it.each(weakening)("%s: 202 with a pending dag_change request; the DAG is unchanged until a reviewer approves", async (_, change, reason) => {
    const app = await guardedApp();
    const before = await getDag(app);
    const wanted = edit(guarded(), change);

    const res = await put(app, wanted);
    expect(res.status).toBe(202);
    const request = res.json.pendingReview as { id: string; kind: string; state: string; diff: { baseVersion: number; reasons: unknown[] } };
    expect(request).toMatchObject({ kind: "dag_change", state: "pending", diff: { baseVersion: 1, reasons: [expect.objectContaining(reason as object)] } });
    expect(res.json.current).toEqual(before);
    expect(await getDag(app)).toEqual(before);

    const listed = await callRoute(listRoute.GET, "/api/v1/change-requests", { cookie: reviewer.cookie, query: { app, kind: "dag_change", waiting: "me" } });
    expect((listed.json.requests as { id: string }[]).map((r) => r.id)).toEqual([request.id]);

    const approved = await decide(approveRoute, request.id, reviewer, "looked at it");
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ state: "approved", outcome: { version: 2 } });
    const after = await getDag(app);
    expect(after).toMatchObject({ version: 2, document: wanted, updatedBy: editor.actor.email });
    const audit = await listAudit(database.db, { app, kind: "dag", limit: 5 });
    expect(audit.entries[0]).toMatchObject({ action: "update", after: expect.objectContaining({ version: 2, changeRequestId: request.id }) });
  });

  it("approval wakes the engines once the new DAG is committed (an after-commit effect), the 202 does not", async () => {
    const app = await guardedApp();
    const woken: Promise<number>[] = [];
    const off = onDagChange((changed) => {
      // Read outside the approving transaction: it sees the new version only once that committed.
      if (changed === app) woken.push(readDag(database.db, app).then((d) => d.version));
    });
    try {
      const res = await put(app, edit(guarded(), weakening[0]![1]));
      expect(woken).toHaveLength(0);
      await decide(approveRoute, (res.json.pendingReview as { id: string }).id, reviewer);
      expect(await Promise.all(woken)).toEqual([2]);
    } finally {
      off();
    }
  });

  it("the same save twice (a double click) is one request: the second is a 409 naming the first, and nothing more is asked", async () => {
    const app = await guardedApp();
    const wanted = edit(guarded(), weakening[0]![1]);
    const first = await put(app, wanted);
    expect(first.status).toBe(202);
    const firstId = (first.json.pendingReview as { id: string }).id;
    const second = await put(app, wanted);
    expect(second.status).toBe(409);
    expect(second.json.error).toMatchObject({ code: "conflict", details: { changeRequestId: firstId } });
    const listed = await callRoute(listRoute.GET, "/api/v1/change-requests", { cookie: reviewer.cookie, query: { app, kind: "dag_change" } });
    expect((listed.json.requests as { id: string }[]).map((r) => r.id)).toEqual([firstId]);
  });

  it("the requester cannot approve their own (an admin may edit and review)", async () => {
    const app = await guardedApp();
    const before = await getDag(app);
    const res = await put(app, edit(guarded(), weakening[0]![1]), 1, admin);
    expect(res.status).toBe(202);
    const id = (res.json.pendingReview as { id: string }).id;
    const own = await decide(approveRoute, id, admin);
    expect(own.status).toBe(403);
    expect(own.json.error?.message).toMatch(/own request/);
    // An editor is no reviewer at all.
    expect((await decide(approveRoute, id, editor)).status).toBe(403);
    expect(await getDag(app)).toEqual(before);
  });

  it("rejected, the DAG stays as it was", async () => {
    const app = await guardedApp();
    const before = await getDag(app);
    const res = await put(app, edit(guarded(), weakening[1]![1]));
    const id = (res.json.pendingReview as { id: string }).id;
    const rejected = await decide(rejectRoute, id, reviewer, "no bypass around the reviewed trigger");
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({ state: "rejected" });
    expect(await getDag(app)).toEqual(before);
    expect((await decide(approveRoute, id, reviewer)).status).toBe(409);
  });

  it("approving after the DAG was saved again is a 409 that changes nothing; the request stays pending", async () => {
    const app = await guardedApp();
    const res = await put(app, edit(guarded(), weakening[0]![1]));
    const id = (res.json.pendingReview as { id: string }).id;
    expect((await put(app, edit(guarded(), (d) => void (node(d, "o").description = "the model key")))).status).toBe(200);
    const moved = await getDag(app);
    const stale = await decide(approveRoute, id, reviewer);
    expect(stale.status).toBe(409);
    expect(stale.json.error?.message).toMatch(/saved since/);
    expect(await getDag(app)).toEqual(moved);
    const listed = await callRoute(listRoute.GET, "/api/v1/change-requests", { cookie: reviewer.cookie, query: { app, kind: "dag_change" } });
    expect(listed.json.requests).toEqual([expect.objectContaining({ id, state: "pending", approvalCount: 0 })]);
  });
});

describe("a DAG save that keeps review", () => {
  it("moving nodes and renaming a label is saved at once (200), with no request", async () => {
    const app = await guardedApp();
    const wanted = edit(guarded(), (d) => {
      for (const n of d.nodes) n.position = { x: n.position.x + 120, y: n.position.y + 30 };
      node(d, "train").description = "Trains the model";
    });
    const res = await put(app, wanted);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: 2, document: wanted });
    const listed = await callRoute(listRoute.GET, "/api/v1/change-requests", { cookie: reviewer.cookie, query: { app, state: "all" } });
    expect(listed.json.requests).toEqual([]);
  });

  it("adding a second reviewed trigger in series is saved at once", async () => {
    const app = await guardedApp();
    const wanted = buildDag({ d: "data", train: reviewed, check: reviewed, o: "output" }, ["d->train", "train->check", "check->o"]);
    expect((await put(app, wanted)).status).toBe(200);
  });
});

describe("a change request of a kind this console does not know", () => {
  it.each([
    ["approve", approveRoute],
    ["reject", rejectRoute],
  ] as const)("%s: 422, and the request stays pending", async (_, route) => {
    const app = await guardedApp();
    const request = await createChangeRequest(database.db, { actor: editor.actor, app, kind: "made_up", title: "From a newer console", payload: {}, comment: "" });
    const res = await decide(route, request.id, reviewer, "no idea what this is");
    expect(res.status).toBe(422);
    expect(res.json.error?.details).toEqual({ kind: "made_up" });
    const listed = await callRoute(listRoute.GET, "/api/v1/change-requests", { cookie: reviewer.cookie, query: { app, kind: "made_up" } });
    expect(listed.json.requests).toEqual([expect.objectContaining({ id: request.id, state: "pending", approvalCount: 0 })]);
  });
});
