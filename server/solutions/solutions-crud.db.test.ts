import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit/list-audit";
import type { Solution } from "@/server/contracts/solutions";
import { favpushSolution } from "@/db/seed/favpush";
import { startKit, type Kit } from "./solutions-test-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(async () => kit?.close());

const v1 = favpushSolution("v1", { buckets: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
/** A third solution, v2's settings under another name. */
const v3 = (change: Partial<Solution> = {}) => favpushSolution("v2", { name: "v3", buckets: [], ...change });

// Each test works on an app of its own, built to the stage it starts from, so none depends on
// what another left behind and they pass in any order.
let apps = 0;

/** A new app without solutions: draft version 0. */
async function emptyApp(): Promise<string> {
  const app = `crud_${++apps}`;
  await kit.addApp(app);
  return app;
}

/** A new app whose draft (version 2) holds v1 serving every bucket, then v2 serving none. */
async function appWithTwo(): Promise<string> {
  const app = await emptyApp();
  expect((await kit.call("create", { app, body: { version: 0, solution: v1 } })).status).toBe(201);
  expect((await kit.call("create", { app, body: { version: 1, solution: favpushSolution("v2", { buckets: [] }) } })).status).toBe(201);
  return app;
}

describe("solutions: create, edit, clone, delete", () => {
  it("starts empty at version 0, every bucket a gap", async () => {
    const app = await emptyApp();
    const res = await kit.call("list", { app });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: 0, solutions: [], app: { name: app, bucketCount: 10 }, split: { ok: false, gaps: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] } });
  });

  it("creates the first solution with every bucket (201), audited", async () => {
    const app = await emptyApp();
    const res = await kit.call("create", { app, body: { version: 0, solution: v1 } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ version: 1, solutions: [v1], split: { ok: true } });
    const [entry] = (await listAudit(kit.database.db, { limit: 1, app, kind: "solution" })).entries;
    expect(entry).toMatchObject({ action: "create", target: `${app}/v1`, app });
  });

  it("creates a second solution without buckets, at the end of the list", async () => {
    const app = await emptyApp();
    expect((await kit.call("create", { app, body: { version: 0, solution: v1 } })).status).toBe(201);
    const res = await kit.call("create", { app, body: { version: 1, solution: favpushSolution("v2", { buckets: [] }) } });
    expect(res.status).toBe(201);
    expect((res.json.solutions as { name: string }[]).map((s) => s.name)).toEqual(["v1", "v2"]);
  });

  it.each([
    ["a duplicate name", { version: 2, solution: { ...v1, buckets: [] } }, 409, /already has a solution named "v1"/],
    ["a stale version", { version: 1, solution: v3() }, 409, /changed the solutions of crud_\d+/],
    ["buckets that overlap another solution's", { version: 2, solution: v3({ buckets: [8, 9] }) }, 422, /buckets 8-9 belong to several solutions: v1 and v3/],
    ["an unknown bucket id", { version: 2, solution: v3({ buckets: [12] }) }, 422, /bucket 12 of v3 is outside 0-9/],
    ["a negative bucket", { version: 2, solution: v3({ buckets: [-1] }) }, 400, /buckets.0.*at least 0/],
    ["a non-integer bucket", { version: 2, solution: v3({ buckets: [1.5] }) }, 400, /whole number/],
    ["a bucket listed twice", { version: 2, solution: v3({ buckets: [3, 3] }) }, 400, /listed twice/],
    ["a reserved feature name", { version: 2, solution: v3({ features: { origin: "getKV t {uid}" } }) }, 400, /featureMap entries/],
    ["a missing model", { version: 2, solution: { name: "v3", features: {}, fg: v1.fg, buckets: [] } }, 400, /model/],
    ["an unknown field", { version: 2, solution: { ...v3(), extra: 1 } }, 400, /extra/],
    ["no version", { solution: v3() }, 400, /version/],
  ])("refuses %s with a clear error and changes nothing", async (_, body, status, message) => {
    const app = await appWithTwo();
    const before = await kit.snapshot(app);
    const res = await kit.call("create", { app, body });
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect(res.json.error?.message).toMatch(message);
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("answers a stale write with 409 carrying the current draft", async () => {
    const app = await appWithTwo();
    const res = await kit.call("create", { app, body: { version: 0, solution: v3() } });
    expect(res.status).toBe(409);
    expect(res.json.error?.details).toMatchObject({ current: { version: 2, solutions: [{ name: "v1" }, { name: "v2" }] } });
  });

  it("edits a solution, and saving it unchanged writes nothing", async () => {
    const app = await appWithTwo();
    const edited = { ...v1, model: { name: "favpush_lr", version: "favpush_lr_v2" } };
    const res = await kit.call("update", { app, body: { version: 2, solution: edited } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: 3, solutions: [edited, { name: "v2" }] });
    const before = await kit.snapshot(app);
    const again = await kit.call("update", { app, body: { version: 3, solution: edited } });
    expect(again.status).toBe(200);
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("moves buckets through a solution edit only when the split stays valid", async () => {
    const app = await appWithTwo();
    const before = await kit.snapshot(app);
    const gap = await kit.call("update", { app, body: { version: 2, solution: { ...v1, model: { name: "favpush_lr", version: "favpush_lr_v2" }, buckets: [0, 1, 2] } } });
    expect(gap.status).toBe(422);
    expect(gap.json.error?.message).toBe("Invalid bucket split: buckets 3-9 belong to no solution");
    expect(gap.json.error?.details).toMatchObject({ gaps: [3, 4, 5, 6, 7, 8, 9] });
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("renames a solution, and refuses to rename onto another's name", async () => {
    const app = await appWithTwo();
    const taken = await kit.call("update", { app, solution: "v2", body: { version: 2, solution: favpushSolution("v1", { buckets: [] }) } });
    expect(taken.status).toBe(409);
    const res = await kit.call("update", { app, solution: "v2", body: { version: 2, solution: favpushSolution("v2", { name: "v2b", buckets: [] }) } });
    expect(res.status).toBe(200);
    expect((res.json.solutions as { name: string }[]).map((s) => s.name)).toEqual(["v1", "v2b"]);
  });

  it("clones a solution right after it, without buckets", async () => {
    const app = await appWithTwo();
    const res = await kit.call("clone", { app, solution: "v1", body: { version: 2, name: "v1copy" } });
    expect(res.status).toBe(201);
    const list = res.json.solutions as { name: string; buckets: number[]; model: unknown }[];
    expect(list.map((s) => s.name)).toEqual(["v1", "v1copy", "v2"]);
    expect(list[1]).toMatchObject({ buckets: [], model: list[0]!.model });
  });

  it.each([
    ["an unknown solution", "nope", { version: 2, name: "x" }, 404],
    ["a taken name", "v1", { version: 2, name: "v2" }, 409],
    ["a bad name", "v1", { version: 2, name: "has space" }, 400],
  ])("refuses to clone %s", async (_, solution, body, status) => {
    const app = await appWithTwo();
    const before = await kit.snapshot(app);
    expect((await kit.call("clone", { app, solution, body })).status).toBe(status);
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("refuses to delete a solution that serves buckets while others exist (422), then deletes an idle one", async () => {
    const app = await appWithTwo();
    expect((await kit.call("clone", { app, solution: "v1", body: { version: 2, name: "v1copy" } })).status).toBe(201);
    const before = await kit.snapshot(app);
    const busy = await kit.call("delete", { app, solution: "v1", body: { version: 3 } });
    expect(busy.status).toBe(422);
    expect(busy.json.error?.message).toMatch(/v1 still serves buckets 0-9/);
    expect(await kit.snapshot(app)).toEqual(before);

    const res = await kit.call("delete", { app, solution: "v1copy", body: { version: 3 } });
    expect(res.status).toBe(200);
    expect((res.json.solutions as { name: string }[]).map((s) => s.name)).toEqual(["v1", "v2"]);
    expect((await kit.call("delete", { app, solution: "v1copy", body: { version: 4 } })).status).toBe(404);
  });

  it("404s an unknown app and 400s a malformed solution name", async () => {
    expect((await kit.call("list", { app: "nope" })).status).toBe(404);
    expect((await kit.call("create", { app: "nope", body: { version: 0, solution: v1 } })).status).toBe(404);
    const bad = await kit.call("update", { solution: "has space", body: { version: 0, solution: v1 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/path field "solution"/);
  });
});
