import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveChangeRequest } from "@/server/approvals/approve-change-request";
import { getLatestContent } from "@/server/releases/get-latest-content";
import { createPerson } from "@/test/support/people";
import { favpushSolution } from "@/db/seed/favpush";
import { exportSolutions } from "./export-solutions";
import { startKit, type Kit } from "./solutions-test-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit({ solutions: true });
});
afterAll(async () => kit?.close());

describe("the draft against the last release, and publishing it", () => {
  it("compares the draft with nothing before the first release", async () => {
    const res = await kit.call("diff");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ published: null, version: 1, changes: true, diff: { added: [{ name: "v1" }, { name: "v2" }], removed: [], changed: [] } });
    const paths = (res.json.contentDiff as { changes: { path: string; kind: string }[] }).changes.map((c) => `${c.kind} ${c.path}`);
    expect(paths).toEqual(expect.arrayContaining(["added document.solutions[v1].buckets", "added document.solutions[v2].model.name"]));
  });

  it.each([
    ["no comment", { version: 1 }, 400, /comment/],
    ["a blank comment", { version: 1, comment: "   " }, 400, /Say what this publish changes and why/],
    ["no version", { comment: "x" }, 400, /version/],
    ["a stale version", { version: 0, comment: "first publish" }, 409, /changed the solutions of favpush after you reviewed them/],
  ])("refuses a publish with %s and changes nothing", async (_, body, status, message) => {
    const before = await kit.snapshot();
    const res = await kit.call("publish", { body });
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect(res.json.error?.message).toMatch(message);
    if (status === 409) expect(res.json.error?.details).toMatchObject({ current: { version: 1, solutions: [{ name: "v1" }, { name: "v2" }] } });
    expect(await kit.snapshot()).toEqual(before);
  });

  it("requests a publish of the canonical document; once a reviewer approves, it is the latest release", async () => {
    const res = await kit.call("publish", { body: { version: 1, comment: "first publish of the article's split" } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ release: null, changeRequest: { app: "favpush", kind: "publish", state: "pending", comment: "first publish of the article's split" } });
    expect(await getLatestContent(kit.database.db, "favpush")).toBeNull();

    const reviewer = await createPerson(kit.database.db, "reviewer");
    const id = (res.json.changeRequest as { id: string }).id;
    const approved = await approveChangeRequest(kit.database.db, { actor: reviewer.actor, id, input: { comment: "ok" } });
    expect(approved.state).toBe("approved");
    const latest = await getLatestContent(kit.database.db, "favpush");
    expect(JSON.stringify(latest?.document)).toBe(JSON.stringify(await exportSolutions(kit.database.db, "favpush")));

    const diff = await kit.call("diff");
    expect(diff.json).toMatchObject({ published: { releaseId: latest?.releaseId }, changes: false, diff: { unchanged: ["v1", "v2"] }, moves: { movedBuckets: 0 }, contentDiff: { changes: [] } });
  });

  it("refuses to publish a draft equal to the last release (422)", async () => {
    const before = await kit.snapshot();
    const res = await kit.call("publish", { body: { version: 1, comment: "again" } });
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toMatch(/Nothing to publish/);
    expect(await kit.snapshot()).toEqual(before);
  });

  it("shows a saved move of buckets 3-4 from v2 to v1 as the change a publish would make", async () => {
    const saved = await kit.call("split", { body: { version: 1, buckets: { v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] } } });
    expect(saved.status).toBe(200);
    const diff = await kit.call("diff");
    expect(diff.json).toMatchObject({
      version: 2,
      changes: true,
      moves: { movedBuckets: 2, movedShare: 0.2, moves: [{ from: "v2", to: "v1", buckets: [3, 4], share: 0.2 }] },
      diff: { changed: [{ name: "v1", changes: [{ field: "buckets", added: [3, 4] }] }, { name: "v2", changes: [{ field: "buckets", removed: [3, 4] }] }] },
    });
    expect(diff.json.contentDiff).toEqual({
      changes: [
        { path: "document.solutions[v1].buckets", kind: "changed", before: [0, 1, 2], after: [0, 1, 2, 3, 4] },
        { path: "document.solutions[v2].buckets", kind: "changed", before: [3, 4, 5, 6, 7, 8, 9], after: [5, 6, 7, 8, 9] },
      ],
    });
  });

  it("refuses to publish a split with gaps, naming the buckets, and changes nothing", async () => {
    // A third solution serving nothing keeps the split valid; removing v2's buckets leaves a gap.
    const created = await kit.call("create", { body: { version: 2, solution: favpushSolution("v2", { name: "v3", buckets: [] }) } });
    expect(created.status).toBe(201);
    await kit.database.db.transaction(async (tx) => {
      const { solutions } = await import("@/db/schema");
      const { and, eq } = await import("drizzle-orm");
      await tx.update(solutions).set({ buckets: [5, 6, 7] }).where(and(eq(solutions.app, "favpush"), eq(solutions.name, "v2")));
    });
    const before = await kit.snapshot();
    const res = await kit.call("publish", { body: { version: 3, comment: "with a gap" } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error?.message).toBe("Invalid bucket split: buckets 8-9 belong to no solution");
    expect(await kit.snapshot()).toEqual(before);
  });
});

describe("feature templates on save", () => {
  it.each([
    ["a template that does not parse", "getKV {uid}", /v4 feature user_vec, column \d+: /],
    ["an unknown operator", "getXX user_tbl {uid}", /v4 feature user_vec, column 1: Unknown operator "getXX"/],
    ["a placeholder that is not an origin field of the app", "getKV user_tbl {user_id}", /v4 feature user_vec, column \d+: .*user_id/],
  ])("refuses %s with 422 naming solution, feature and column, and changes nothing", async (_, template, message) => {
    const draft = (await kit.call("list")).json as { version: number };
    const before = await kit.snapshot();
    const res = await kit.call("create", { body: { version: draft.version, solution: favpushSolution("v2", { name: "v4", buckets: [], features: { user_vec: template } }) } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error?.message).toMatch(/^Invalid query template: /);
    expect(res.json.error?.message).toMatch(message);
    expect(await kit.snapshot()).toEqual(before);
  });

  it("refuses a table that is not registered yet, saying to register it first (docs/templates.md#errors)", async () => {
    const draft = (await kit.call("list")).json as { version: number };
    const before = await kit.snapshot();
    const res = await kit.call("create", { body: { version: draft.version, solution: favpushSolution("v2", { name: "v5", buckets: [], features: { x: "getKV later_tbl {uid}" } }) } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error?.message).toMatch(/^Invalid query template: v5 feature x, column 7: .*later_tbl.* Register "later_tbl" on the Feature tables page/);
    expect(await kit.snapshot()).toEqual(before);
  });
});
