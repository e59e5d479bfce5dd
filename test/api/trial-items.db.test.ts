import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as scoreRoute from "@/app/api/v1/score/route";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { BODY_LIMITS, MAX_ITEMS_PER_REQUEST } from "@/server/contracts/limits";
import { listRecentTrials } from "@/server/samples/list-recent-trials";
import { recentTrialsSettled } from "@/server/samples/record-recent-trial";
import { callRoute } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

/**
 * POST /api/v1/score with `items`: what is refused before anything is scored (README "Batch
 * scoring"). Scoring a batch itself is the runtime's (server/scoring/run-scoring.ts).
 */
let database: Database;
let viewer: TestPerson;
const app = "shop";
// The app of the batch that passes the checks (and is then kept among its recent trials).
const passing = "shop-passing";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  viewer = await createPerson(database.db, "viewer");
  for (const name of [app, passing]) {
    await createApp(database.db, {
      actor: SYSTEM,
      input: {
        name,
        bucketCount: 10,
        hashKey: "uid",
        originFields: [
          { name: "uid", type: "int" },
          { name: "goods_id", type: "int" },
        ],
        itemFields: [
          { name: "sku", type: "string" },
          { name: "price", type: "float" },
        ],
      },
    });
  }
});
afterAll(async () => database?.close());

const score = (body: unknown) => callRoute(scoreRoute.POST, "/api/v1/score", { method: "POST", cookie: viewer.cookie, origin: "http://console.test", body });
const request = (items: unknown, origin: Record<string, unknown> = { uid: 234 }, appName = app) => ({ app_name: appName, origin, items, options: { config: "draft" } });
const skus = (n: number) => Array.from({ length: n }, (_, i) => ({ sku: `sku-${i}` }));

async function recentTrials() {
  await recentTrialsSettled();
  return listRecentTrials(database.db, app);
}

describe("trial scoring with items: refused before scoring, naming what is wrong", () => {
  it.each([
    ["an empty list", [], /items.*is empty/],
    ["a list of non-objects", [1, 2], /items\.0/],
    ["items that are not a list", { sku: "a" }, /items must be a list/],
  ])("400s %s", async (_, items, message) => {
    const res = await score(request(items));
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toMatch(message);
  });

  it("400s an item key that is also an origin key, naming the key and the item", async () => {
    const res = await score(request([{ sku: "a" }, { sku: "b", uid: 7 }]));
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toContain('"items.1.uid"');
    expect(res.json.error?.message).toContain('"uid" is in origin and in item 1');
  });

  it("400s item values that are not of the declared type, naming the item and the field", async () => {
    const res = await score(request([{ sku: "a", price: 1.5 }, { sku: 12 }, { sku: "c", price: "cheap" }]));
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toContain('"items.1.sku": item 1: "sku" is declared string, but is the whole number 12 (and 1 more)');
    expect(res.json.error?.details).toMatchObject({ issues: [{ path: "items.1.sku" }, { path: "items.2.price", message: 'item 2: "price" is declared float, but is the string "cheap"' }] });
  });

  it("holds an origin field sent per item to its origin type", async () => {
    const res = await score(request([{ goods_id: 1 }, { goods_id: "2" }]));
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toContain('item 1: "goods_id" is declared int, but is the string "2"');
  });

  it(`422s more items than SCORING_MAX_ITEMS (default ${MAX_ITEMS_PER_REQUEST}), naming the cap`, async () => {
    const res = await score(request(skus(MAX_ITEMS_PER_REQUEST + 1)));
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toContain(`at most ${MAX_ITEMS_PER_REQUEST} items (SCORING_MAX_ITEMS)`);
    expect(res.json.error?.details).toMatchObject({ cap: "itemsPerRequest", limit: MAX_ITEMS_PER_REQUEST, count: MAX_ITEMS_PER_REQUEST + 1 });
    // Refused requests change nothing: not even the app's recent trials (only this app's refusals are sent to it).
    expect((await recentTrials()).trials).toEqual([]);
  });

  it("413s a body over the scoring limit, before reading it as items", async () => {
    const big = "x".repeat(64 * 1024);
    const items = Array.from({ length: Math.ceil(BODY_LIMITS.score / big.length) + 1 }, (_, i) => ({ sku: `${i}${big}` }));
    const res = await score(request(items));
    expect(res.status).toBe(413);
    expect(res.json.error?.code).toBe("payload_too_large");
  });

  it(`lets a batch of ${MAX_ITEMS_PER_REQUEST} items with long ids through to scoring`, async () => {
    const items = Array.from({ length: MAX_ITEMS_PER_REQUEST }, (_, i) => ({ sku: `sku-${String(i).padStart(60, "0")}`, price: i + 0.5 }));
    const body = request(items, { uid: 234 }, passing);
    expect(JSON.stringify(body).length).toBeLessThan(BODY_LIMITS.score);
    const res = await score(body);
    // The app has no solutions yet: the pipeline itself refuses it, naming its stage. No validation stood in the way.
    expect(res.json.error?.code).not.toBe("payload_too_large");
    expect(res.json.error?.details).toMatchObject({ stage: expect.any(String) });
  });
});
