import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { solutions } from "@/db/schema";
import { approveChangeRequest } from "@/server/approvals/approve-change-request";
import { getLatestContent } from "@/server/releases/get-latest-content";
import { passVerification } from "@/test/support/pass-verification";
import { createPerson } from "@/test/support/people";
import { favpushSolution } from "@/db/seed/favpush";
import { exportSolutions } from "./export-solutions";
import { startKit, type Kit } from "./solutions-test-kit";

let kit: Kit;
beforeAll(async () => {
  // Approval takes a passed verification: the dev model server and favpush's fg and models.
  kit = await startKit({ verifiable: true });
});
afterAll(async () => kit?.close());

// Each test works on an app of its own (kit.appWithSolutions), so none depends on what another
// left behind (a draft version, a release) and they pass in any order.
const appWithSolutions = () => kit.appWithSolutions("publish");

/**
 * Publishes the draft at `version` and has a reviewer approve it once verified: the app's latest
 * release. The first publish of an app follows the versions its solutions name (releaseVersions).
 */
async function publishApproved(app: string, version: number, comment: string) {
  if (!(await getLatestContent(kit.database.db, app))) await kit.releaseVersions(app);
  const res = await kit.call("publish", { app, body: { version, comment } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  await passVerification(kit.database.db, (res.json.changeRequest as { id: string }).id);
  const reviewer = await createPerson(kit.database.db, "reviewer");
  const approved = await approveChangeRequest(kit.database.db, { actor: reviewer.actor, id: (res.json.changeRequest as { id: string }).id, input: { comment: "ok" } });
  expect(approved.state).toBe("approved");
  return res;
}

describe("the draft against the last release, and publishing it", () => {
  it("compares the draft with nothing before the first release", async () => {
    const app = await appWithSolutions();
    const res = await kit.call("diff", { app });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ published: null, version: 1, changes: true, diff: { added: [{ name: "v1" }, { name: "v2" }], removed: [], changed: [] } });
    const paths = (res.json.contentDiff as { changes: { path: string; kind: string }[] }).changes.map((c) => `${c.kind} ${c.path}`);
    expect(paths).toEqual(expect.arrayContaining(["added document.solutions[v1].buckets", "added document.solutions[v2].model.name"]));
  });

  it.each([
    ["no comment", { version: 1 }, 400, /comment/],
    ["a blank comment", { version: 1, comment: "   " }, 400, /Say what this publish changes and why/],
    ["no version", { comment: "x" }, 400, /version/],
    ["a stale version", { version: 0, comment: "first publish" }, 409, /changed the solutions of publish_\d+ after you reviewed them/],
  ])("refuses a publish with %s and changes nothing", async (_, body, status, message) => {
    const app = await appWithSolutions();
    const before = await kit.snapshot(app);
    const res = await kit.call("publish", { app, body });
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect(res.json.error?.message).toMatch(message);
    if (status === 409) expect(res.json.error?.details).toMatchObject({ current: { version: 1, solutions: [{ name: "v1" }, { name: "v2" }] } });
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("requests a publish of the canonical document; once a reviewer approves, it is the latest release", async () => {
    const app = await appWithSolutions();
    // The versions its solutions name are released first (a DAG would), so the publish can pass verification.
    await kit.releaseVersions(app);
    const versionsOnly = await getLatestContent(kit.database.db, app);
    const res = await kit.call("publish", { app, body: { version: 1, comment: "first publish of the article's split" } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ release: null, changeRequest: { app, kind: "publish", state: "pending", comment: "first publish of the article's split" } });
    expect(await getLatestContent(kit.database.db, app)).toEqual(versionsOnly);

    const reviewer = await createPerson(kit.database.db, "reviewer");
    const id = (res.json.changeRequest as { id: string }).id;
    await passVerification(kit.database.db, id);
    const approved = await approveChangeRequest(kit.database.db, { actor: reviewer.actor, id, input: { comment: "ok" } });
    expect(approved.state).toBe("approved");
    const latest = await getLatestContent(kit.database.db, app);
    expect(JSON.stringify(latest?.document)).toBe(JSON.stringify(await exportSolutions(kit.database.db, app)));

    const diff = await kit.call("diff", { app });
    expect(diff.json).toMatchObject({ published: { releaseId: latest?.releaseId }, changes: false, diff: { unchanged: ["v1", "v2"] }, moves: { movedBuckets: 0 }, contentDiff: { changes: [] } });
  });

  it("refuses to publish a draft equal to the last release (422)", async () => {
    const app = await appWithSolutions();
    await publishApproved(app, 1, "first publish");
    const before = await kit.snapshot(app);
    const res = await kit.call("publish", { app, body: { version: 1, comment: "again" } });
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toMatch(/Nothing to publish/);
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("shows a saved move of buckets 3-4 from v2 to v1 as the change a publish would make", async () => {
    const app = await appWithSolutions();
    await publishApproved(app, 1, "first publish");
    const saved = await kit.call("split", { app, body: { version: 1, buckets: { v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] } } });
    expect(saved.status).toBe(200);
    const diff = await kit.call("diff", { app });
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
    const app = await appWithSolutions();
    // A third solution serving nothing keeps the split valid; taking buckets 8-9 from v2 behind
    // the API's back (it would refuse) leaves a gap.
    const created = await kit.call("create", { app, body: { version: 1, solution: favpushSolution("v2", { name: "v3", buckets: [] }) } });
    expect(created.status).toBe(201);
    await kit.database.db.update(solutions).set({ buckets: [3, 4, 5, 6, 7] }).where(and(eq(solutions.app, app), eq(solutions.name, "v2")));
    const before = await kit.snapshot(app);
    const res = await kit.call("publish", { app, body: { version: 2, comment: "with a gap" } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error?.message).toBe("Invalid bucket split: buckets 8-9 belong to no solution");
    expect(await kit.snapshot(app)).toEqual(before);
  });
});

describe("feature templates on save", () => {
  it.each([
    ["a template that does not parse", "getKV {uid}", /v4 feature user_vec, column \d+: /],
    ["an unknown operator", "getXX user_tbl {uid}", /v4 feature user_vec, column 1: Unknown operator "getXX"/],
    ["a placeholder that is not an origin field of the app", "getKV user_tbl {user_id}", /v4 feature user_vec, column \d+: .*user_id/],
  ])("refuses %s with 422 naming solution, feature and column, and changes nothing", async (_, template, message) => {
    const app = await appWithSolutions();
    const before = await kit.snapshot(app);
    const res = await kit.call("create", { app, body: { version: 1, solution: favpushSolution("v2", { name: "v4", buckets: [], features: { user_vec: template } }) } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error?.message).toMatch(/^Invalid query template: /);
    expect(res.json.error?.message).toMatch(message);
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("refuses a table that is not registered yet, saying to register it first (docs/templates.md#errors)", async () => {
    const app = await appWithSolutions();
    const before = await kit.snapshot(app);
    const res = await kit.call("create", { app, body: { version: 1, solution: favpushSolution("v2", { name: "v5", buckets: [], features: { x: "getKV later_tbl {uid}" } }) } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error?.message).toMatch(/^Invalid query template: v5 feature x, column 7: .*later_tbl.* Register "later_tbl" on the Feature tables page/);
    expect(await kit.snapshot(app)).toEqual(before);
  });
});
