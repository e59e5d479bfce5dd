import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tableRoute from "@/app/api/v1/feature-tables/[table]/route";
import * as lookupRoute from "@/app/api/v1/features/lookup/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushCf, favpushCfGoods, favpushVector, favpushVersions } from "@/db/seed/favpush";
import { createConsoleApi } from "@/sdk/src/runtime/adapters/console-api";
import { createFeatureTables, LOOKUP_KEYS_PER_REQUEST } from "@/sdk/src/runtime/adapters/feature-tables";
import { SYSTEM } from "@/server/auth/actor";
import { MAX_LOOKUP_KEYS } from "@/server/contracts/feature-tables";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute } from "@/test/support/call-route";
import { countingDatabase, featureRowQueries } from "@/test/support/count-queries";
import { serveRoutes } from "@/test/support/serve-routes";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { lookupFeatureKey } from "./lookup-feature-key";

/** POST /api/v1/features/lookup: how the scoring runtime reads a built-in table, with a features:read token. */
let database: Database;
let counted: ReturnType<typeof countingDatabase>;
let featuresToken: string;
let configToken: string;
const vec = favpushVersions().favpush_vec_v2;

beforeAll(async () => {
  database = await createTestDatabase();
  // The routes see the database through a drizzle instance that records each statement.
  counted = countingDatabase(database);
  installAsProcessDatabase(counted);
  await seedFavpushWorld(database.db, { parts: ["app", "tables", "rows"], uids: { from: 200, to: 205 } });
  featuresToken = (await issueToken(database.db, { actor: SYSTEM, input: { name: "runtime", scopes: ["features:read"] } })).secret;
  configToken = (await issueToken(database.db, { actor: SYSTEM, input: { name: "config-only", scopes: ["config:read"] } })).secret;
}, 60_000);

afterAll(async () => {
  await database?.close();
});

const lookup = (body: unknown, token = featuresToken) => callRoute(lookupRoute.POST, "/api/v1/features/lookup", { method: "POST", token, body });

describe("batched feature lookup", () => {
  it("answers each key as the single-key lookup does, in the order given, null for a key with nothing", async () => {
    const keys = [`201|${vec}`, "no-such-key", `203|${vec}`];
    const res = await lookup({ table: "user_tbl", keys });
    expect(res.status).toBe(200);
    const single = await Promise.all(keys.map(async (key) => (await lookupFeatureKey(database.db, { table: "user_tbl", key })).value));
    expect(res.json).toEqual({ table: "user_tbl", operator: "getKV", values: single });
    expect(single[0]).not.toBeNull();
    expect(single[1]).toBeNull();
  });

  it("reads all keys of a call in one query, a key given twice answered twice", async () => {
    const keys = [...Array.from({ length: MAX_LOOKUP_KEYS - 2 }, (_, i) => `${200 + (i % 8)}|${vec}`), `201|${vec}`, "nobody"];
    const before = counted.queries.length;
    const res = await lookup({ table: "user_tbl", keys });
    expect(res.status).toBe(200);
    expect(featureRowQueries(counted.queries.slice(before))).toHaveLength(1);
    expect(res.json.values).toEqual(keys.map((k) => (k === "nobody" || Number(k.split("|")[0]) > 205 ? null : favpushVector("u", Number(k.split("|")[0]), vec))));
  });

  it("lets the runtime's adapter read any number of keys, in requests of at most 1000 keys, each one query", async () => {
    expect(LOOKUP_KEYS_PER_REQUEST).toBe(MAX_LOOKUP_KEYS);
    const served = await serveRoutes([
      { method: "GET", pattern: "/api/v1/feature-tables/:table", handler: tableRoute.GET },
      { method: "POST", pattern: "/api/v1/features/lookup", handler: lookupRoute.POST },
    ]);
    const sentKeys: number[] = [];
    const api = createConsoleApi({
      url: served.url,
      token: featuresToken,
      timeoutMs: 20_000,
      fetch: (url, init) => {
        if (init.method === "POST") sentKeys.push((JSON.parse(init.body ?? "{}") as { keys: string[] }).keys.length);
        return fetch(url, init);
      },
    });
    const tables = createFeatureTables({ api, connections: {} });
    try {
      // goods 100..399 have vectors; 400 and up have none; 150 asked twice.
      const goods = await tables.openTable("goods_tbl");
      const goodsKeys = [...Array.from({ length: 2300 }, (_, i) => `${100 + i}|${vec}`), `150|${vec}`];
      const before = counted.queries.length;
      const values = await goods.getKVMany!(goodsKeys);
      expect(sentKeys).toEqual([1000, 1000, 301]);
      expect(featureRowQueries(counted.queries.slice(before))).toHaveLength(3);
      expect(values).toEqual(goodsKeys.map((k) => (Number(k.split("|")[0]) < 400 ? favpushVector("g", Number(k.split("|")[0]), vec) : null)));
      expect(await Promise.all(goodsKeys.slice(295, 305).map((k) => goods.getKV(k)))).toEqual(values.slice(295, 305));

      const cf = await tables.openTable("graph_cf_tbl");
      const cfVersion = favpushVersions().favpush_cf_v5;
      const pairs = [...favpushCfGoods(202).map((g) => [202, g] as const), [202, 99] as const, [203, favpushCfGoods(203)[0]!] as const];
      const cfKeys = [...pairs.map(([u, g]) => `${u}|${g}|${cfVersion}`), `${pairs[0]![0]}|${pairs[0]![1]}|${cfVersion}`];
      sentKeys.length = 0;
      const maps = await cf.getKKVMany!(cfKeys);
      expect(sentKeys).toEqual([cfKeys.length]);
      expect(maps).toEqual([...pairs.map(([u, g]) => favpushCf(u, g, cfVersion)), favpushCf(pairs[0]![0], pairs[0]![1], cfVersion)]);
      expect(maps[pairs.length - 2]).toBeNull();
      expect(await Promise.all(cfKeys.map((k) => cf.getKKV(k)))).toEqual(maps);
      expect(await goods.getKVMany!([])).toEqual([]);
    } finally {
      await tables.close();
      await served.close();
    }
  });

  it.each([
    ["no keys", { table: "user_tbl", keys: [] }, 400],
    ["too many keys", { table: "user_tbl", keys: Array.from({ length: MAX_LOOKUP_KEYS + 1 }, (_, i) => `k${i}`) }, 400],
    ["an empty key", { table: "user_tbl", keys: [""] }, 400],
    ["an unknown field", { table: "user_tbl", keys: ["k"], address: "10.0.0.1:6379" }, 400],
    ["an unknown table", { table: "no_such_tbl", keys: ["k"] }, 404],
  ])("refuses %s with a clear %i", async (_name, body, status) => {
    const res = await lookup(body);
    expect(res.status).toBe(status);
    expect(res.json.error?.message).toBeTruthy();
  });

  it("needs a token with features:read (a config:read token is refused) or a signed-in person", async () => {
    expect((await lookup({ table: "user_tbl", keys: ["k"] }, configToken)).status).toBe(403);
    expect((await callRoute(lookupRoute.POST, "/api/v1/features/lookup", { method: "POST", body: { table: "user_tbl", keys: ["k"] } })).status).toBe(401);
  });
});
