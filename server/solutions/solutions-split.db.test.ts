import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as appRoute from "@/app/api/v1/apps/[app]/route";
import { SYSTEM } from "@/server/auth/actor";
import { listAudit } from "@/server/audit/list-audit";
import { updateApp } from "@/server/apps/update-app";
import { callRoute } from "@/test/support/call-route";
import { startKit, type Kit } from "./solutions-test-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(async () => kit?.close());

// Each test saves splits in an app of its own: v1 holds buckets 0-2 and v2 3-9 at draft version 1,
// whatever ran before.
const appWithSolutions = () => kit.appWithSolutions("split");

describe("saving a bucket split", () => {
  it("moves buckets 3-4 from v2 to v1, audited with before and after", async () => {
    const app = await appWithSolutions();
    const res = await kit.call("split", { app, body: { version: 1, buckets: { v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] } } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ version: 2, split: { ok: true }, solutions: [{ name: "v1", buckets: [0, 1, 2, 3, 4] }, { name: "v2", buckets: [5, 6, 7, 8, 9] }] });
    const [entry] = (await listAudit(kit.database.db, { limit: 1, app, kind: "solution-split" })).entries;
    expect(entry).toMatchObject({ action: "update", before: { v1: [0, 1, 2], v2: [3, 4, 5, 6, 7, 8, 9] }, after: { v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] } });
  });

  it("writes nothing when the split is the saved one (in any order)", async () => {
    const app = await appWithSolutions();
    const before = await kit.snapshot(app);
    const res = await kit.call("split", { app, body: { version: 1, buckets: { v2: [9, 8, 7, 6, 5, 4, 3], v1: [2, 1, 0] } } });
    expect(res.status).toBe(200);
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it.each([
    ["a gap", { v1: [0, 1, 2], v2: [5, 6, 7, 8, 9] }, 422, "Invalid bucket split: buckets 3-4 belong to no solution"],
    ["an overlap", { v1: [0, 1, 2, 3, 4, 5], v2: [5, 6, 7, 8, 9] }, 422, "Invalid bucket split: bucket 5 belongs to several solutions: v1 and v2"],
    ["an unknown bucket id", { v1: [0, 1, 2, 3, 4, 10], v2: [5, 6, 7, 8, 9] }, 422, "Invalid bucket split: bucket 10 of v1 is outside 0-9"],
    ["gaps, overlaps and unknown buckets at once", { v1: [0, 1, 12], v2: [1, 5, 6, 7, 8, 9] }, 422,
      "Invalid bucket split: buckets 2-4 belong to no solution; bucket 1 belongs to several solutions: v1 and v2; bucket 12 of v1 is outside 0-9"],
    ["an unknown solution", { v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9], v9: [] }, 422, 'Give the buckets of every solution of {app}, and only those: {app} has no solution "v9".'],
    ["a missing solution", { v1: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }, 422, 'Give the buckets of every solution of {app}, and only those: the buckets of "v2" are missing.'],
    ["a non-integer bucket", { v1: [0, 1, 2, 3, 4.5], v2: [5, 6, 7, 8, 9] }, 400, 'Invalid body field "buckets.v1.4": A bucket is a whole number'],
    ["a negative bucket", { v1: [-1, 0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] }, 400, 'Invalid body field "buckets.v1.0": A bucket is at least 0'],
    ["a bucket as text", { v1: ["0", 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] }, 400, /Invalid body field "buckets.v1.0"/],
    ["a bucket listed twice", { v1: [0, 1, 2, 3, 4, 4], v2: [5, 6, 7, 8, 9] }, 400, /Bucket 4 is listed twice/],
    ["buckets that are not a list", { v1: "0-4", v2: [5, 6, 7, 8, 9] }, 400, /buckets.v1/],
  ])("refuses %s, naming the buckets, and changes nothing", async (_, buckets, status, message) => {
    const app = await appWithSolutions();
    const before = await kit.snapshot(app);
    const res = await kit.call("split", { app, body: { version: 1, buckets } });
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    if (typeof message === "string") expect(res.json.error?.message).toBe(message.replaceAll("{app}", app));
    else expect(res.json.error?.message).toMatch(message);
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("refuses a body that is not the expected shape", async () => {
    const app = await appWithSolutions();
    const before = await kit.snapshot(app);
    for (const rawBody of ["{not json", "[1,2]", '{"version":1,"buckets":[0,1]}', '{"version":"1","buckets":{}}']) {
      const res = await kit.call("split", { app, rawBody, headers: { "content-type": "application/json" } });
      expect(res.status, rawBody).toBe(400);
      expect(res.json.error?.message).toMatch(/not valid JSON|Invalid body/);
    }
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("answers a save over a newer split with 409 and the other change, and changes nothing", async () => {
    const app = await appWithSolutions();
    const other = await kit.call("split", { app, body: { version: 1, buckets: { v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] } } });
    expect(other.json).toMatchObject({ version: 2 });
    const before = await kit.snapshot(app);
    const res = await kit.call("split", { app, body: { version: 1, buckets: { v1: [0, 1, 2, 3], v2: [4, 5, 6, 7, 8, 9] } } });
    expect(res.status).toBe(409);
    expect(res.json.error?.details).toMatchObject({
      current: { version: 2, updatedBy: kit.editor.actor.email, solutions: [{ name: "v1", buckets: [0, 1, 2, 3, 4] }, { name: "v2" }] },
    });
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("shows the buckets a new bucket count leaves without a solution, and a save must cover them", async () => {
    const app = await appWithSolutions();
    await updateApp(kit.database.db, {
      actor: SYSTEM,
      name: app,
      input: { bucketCount: 12, hashKey: "uid", originFields: [{ name: "uid", type: "int" }, { name: "goods_id", type: "int" }], version: 1 },
    });
    const draft = await kit.call("list", { app });
    expect(draft.json).toMatchObject({ app: { bucketCount: 12 }, split: { ok: false, gaps: [10, 11] } });
    const stillShort = await kit.call("split", { app, body: { version: 1, buckets: { v1: [0, 1, 2], v2: [3, 4, 5, 6, 7, 8, 9] } } });
    expect(stillShort.json.error?.message).toBe("Invalid bucket split: buckets 10-11 belong to no solution");
    const ok = await kit.call("split", { app, body: { version: 1, buckets: { v1: [0, 1, 2, 10], v2: [3, 4, 5, 6, 7, 8, 9, 11] } } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ version: 2, split: { ok: true } });
  });

  it.each([0, -3])("refuses an app of %s buckets (400), so no split is ever checked against one", async (bucketCount) => {
    const app = await appWithSolutions();
    const before = await kit.snapshot(app);
    const res = await callRoute(appRoute.PUT, `/api/v1/apps/${app}`, {
      method: "PUT",
      cookie: kit.editor.cookie,
      params: { app },
      body: { bucketCount, hashKey: "uid", originFields: [{ name: "uid", type: "int" }], version: 1 },
    });
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toBe('Invalid body field "bucketCount": At least 1 bucket');
    expect(await kit.snapshot(app)).toEqual(before);
  });
});
