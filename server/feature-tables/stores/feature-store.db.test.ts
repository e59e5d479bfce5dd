import { randomUUID } from "node:crypto";
import { openTestRedis, testRedis } from "@/test/support/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import type { ValueEncoding } from "@/server/contracts/features";
import { createDbStore } from "@/server/feature-tables/db-store";
import { createFeatureTable } from "@/server/feature-tables/create-feature-table";
import { createTestDatabase } from "@/test/support/test-db";
import type { FeatureStore } from "./feature-store";
import { createMemoryStore } from "./memory-store";
import type { RowEntry } from "./parse-rows";
import { createRedisStore } from "./redis-store";

// The same behaviour is required of every store: the built-in one (the console's database,
// PGlite and PostgreSQL), Redis (the real one REDIS_URL names, under a prefix unique to this
// run, deleted afterwards), and the in-memory test double that unit tests stand in with.
const prefix = `sc-test:${randomUUID()}:`;
const opened: FeatureStore[] = [];
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

type Factory = (table: string, encoding: ValueEncoding) => Promise<FeatureStore>;
const factories: [string, Factory][] = [
  [
    "built-in (database)",
    async (table, encoding) => {
      // Registered under a name of its own: several tests open the same table name.
      const row = await createFeatureTable(database.db, {
        actor: SYSTEM,
        input: { name: `${table}_${randomUUID().slice(0, 8)}`, operator: "getKV", storage: "builtin", encoding },
      });
      return createDbStore(database.db, { tableId: row.id, table, encoding });
    },
  ],
  ["redis", async (table, encoding) => createRedisStore({ table, encoding, connection: { ...testRedis, keyPrefix: `${prefix}${table}:` } })],
  ["memory (test double)", async (table, encoding) => createMemoryStore({ table, encoding })],
];

async function open(make: Factory, table: string, encoding: ValueEncoding) {
  const store = await make(table, encoding);
  opened.push(store);
  return store;
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  const redis = openTestRedis();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await database?.close();
});

describe.each(factories)("%s store", (kind, make) => {
  // Redis keys are per table name: each store of a Redis test gets a name of its own.
  const name = (table: string) => `${table}_${kind.replace(/\W+/g, "_")}_${randomUUID().slice(0, 6)}`;

  it("round-trips getKV values per encoding and returns null for a missing key", async () => {
    const vectors = await open(make, name("user_tbl"), "float_vector");
    await vectors.putKV("u1", [0.1, -2, 3e-7]);
    expect(await vectors.getKV("u1")).toEqual([0.1, -2, 3e-7]);
    expect(await vectors.getKV("nobody")).toBeNull();

    const objects = await open(make, name("obj_tbl"), "json");
    await objects.putKV("o", { a: [1, "x"], b: null });
    expect(await objects.getKV("o")).toEqual({ a: [1, "x"], b: null });

    const strings = await open(make, name("str_tbl"), "string");
    await strings.putKV("s", "héllo, world");
    expect(await strings.getKV("s")).toBe("héllo, world");
  });

  it("stores getKKV maps with each field decoded, replacing the previous map", async () => {
    const cf = await open(make, name("graph_cf_tbl"), "json");
    await cf.putKKV("234|123|5", { score: 0.75, stale: 1 });
    await cf.putKKV("234|123|5", { score: 0.5, n: 3 });
    expect(await cf.getKKV("234|123|5")).toEqual({ score: 0.5, n: 3 });
    expect(await cf.getKKV("missing")).toBeNull();
    await cf.putKKV("emptied", {});
    expect(await cf.getKKV("emptied")).toBeNull();
  });

  it("refuses a value its encoding cannot hold and keeps the old one", async () => {
    const vectors = await open(make, name("user_tbl2"), "float_vector");
    await vectors.putKV("u", [1]);
    await expect(vectors.putKV("u", ["a"])).rejects.toMatchObject({ code: "bad_request" });
    await expect(vectors.putKKV("m", { ok: [1], bad: "x" })).rejects.toMatchObject({ code: "bad_request" });
    expect(await vectors.getKV("u")).toEqual([1]);
    expect(await vectors.getKKV("m")).toBeNull();
  });

  describe("many keys at once", () => {
    it("answers getKVMany as getKV per key: in order, null where none, a key given twice twice, after loads", async () => {
      const vectors = await open(make, name("many_tbl"), "float_vector");
      await vectors.putAll([
        { key: "a", value: [1] },
        { key: "b", value: [2] },
        { key: "c", value: [3] },
      ]);
      // A second load (a new generation on the real stores) changes b and carries a and c over.
      await vectors.putAll([{ key: "b", value: [20, 0.5] }]);
      const keys = ["b", "nobody", "a", "b", "c", "a|x"];
      const single = await Promise.all(keys.map((k) => vectors.getKV(k)));
      expect(single).toEqual([[20, 0.5], null, [1], [20, 0.5], [3], null]);
      expect(await vectors.getKVMany(keys)).toEqual(single);
      expect(await vectors.getKVMany([])).toEqual([]);
    });

    it("answers getKKVMany as getKKV per key, fields in the same order", async () => {
      const cf = await open(make, name("many_cf_tbl"), "json");
      await cf.putAll([
        { key: "m1", map: { score: 0.5, n: 2 } },
        { key: "m2", map: { b: "x", a: null, "10": [1] } },
      ]);
      await cf.putKKV("m3", { z: { deep: true } });
      await cf.putKKV("emptied", {});
      const keys = ["m2", "none", "m1", "m2", "m3", "emptied"];
      const single = await Promise.all(keys.map((k) => cf.getKKV(k)));
      expect(single).toEqual([{ b: "x", a: null, "10": [1] }, null, { score: 0.5, n: 2 }, { b: "x", a: null, "10": [1] }, { z: { deep: true } }, null]);
      const many = await cf.getKKVMany(keys);
      expect(many).toEqual(single);
      expect(many.map((m) => (m ? Object.keys(m) : null))).toEqual(single.map((m) => (m ? Object.keys(m) : null)));
      expect(await cf.getKKVMany([])).toEqual([]);
    });

    it("reads more keys than one Redis MGET or one lookup request takes", async () => {
      const users = await open(make, name("many_big_tbl"), "float_vector");
      await users.putAll(Array.from({ length: 1500 }, (_, i) => ({ key: `u${i}`, value: [i] })));
      const keys = Array.from({ length: 2600 }, (_, i) => `u${(i * 7) % 2000}`);
      expect(await users.getKVMany(keys)).toEqual(keys.map((k) => (Number(k.slice(1)) < 1500 ? [Number(k.slice(1))] : null)));
    });
  });

  it("is healthy while open", async () => {
    expect(await (await open(make, name("h_tbl"), "json")).health()).toMatchObject({ ok: true });
  });

  describe("putAll: every entry or none", () => {
    const values: RowEntry[] = Array.from({ length: 25 }, (_, i) => ({ key: `k${i}`, value: [i, i / 2] }));
    const maps: RowEntry[] = Array.from({ length: 25 }, (_, i) => ({ key: `m${i}`, map: { score: i, n: i % 3 } }));

    it("writes every entry in batches, reports progress in entries, and replaces maps", async () => {
      const vectors = await open(make, name("all_tbl"), "float_vector");
      const progress: number[] = [];
      await vectors.putAll(values, { batchSize: 10, onProgress: (done, total) => progress.push(done / total) });
      expect(progress).toEqual([0, 0.4, 0.8, 1]);
      expect(await vectors.getKV("k7")).toEqual([7, 3.5]);

      const cf = await open(make, name("all_cf_tbl"), "json");
      await cf.putKKV("m3", { stale: 1 });
      await cf.putAll(maps, { batchSize: 10 });
      expect(await cf.getKKV("m3")).toEqual({ score: 3, n: 0 });
    });

    it("merges: a key not in the file keeps its value, a key in it gets the file's (a map whole)", async () => {
      const cf = await open(make, name("merge_tbl"), "json");
      await cf.putAll(maps, { batchSize: 10 });
      await cf.putAll([{ key: "m3", map: { fresh: 1 } }, { key: "only", map: { score: 1 } }], { batchSize: 1 });
      expect(await cf.getKKV("only")).toEqual({ score: 1 });
      expect(await cf.getKKV("m3")).toEqual({ fresh: 1 });
      expect(await cf.getKKV("m4")).toEqual({ score: 4, n: 1 });
      expect(await cf.getKKV("m24")).toEqual({ score: 24, n: 0 });

      // A failed load after it leaves every key as it was.
      const failing = cf.putAll([{ key: "m4", map: { score: 0 } }, { key: "m5", map: { score: 0 } }], {
        batchSize: 1,
        afterBatch: (done) => {
          if (done === 2) throw new Error("injected failure");
        },
      });
      await expect(failing).rejects.toThrow(/injected failure/);
      expect(await cf.getKKV("m4")).toEqual({ score: 4, n: 1 });
      expect(await cf.getKKV("m5")).toEqual({ score: 5, n: 2 });
      expect(await cf.getKKV("m3")).toEqual({ fresh: 1 });
    });

    it("keeps every data version: loading version B leaves version A's rows readable", async () => {
      // Live scoring reads `<uid>|<A>` while the DAG loads `<uid>|<B>` into the same table.
      // More keys than one copy step (and one SCAN page) takes, so the steps are walked too.
      const users = await open(make, name("user_versions_tbl"), "float_vector");
      const version = (v: string, base: number): RowEntry[] => Array.from({ length: 2500 }, (_, i) => ({ key: `${i}|${v}`, value: [base + i] }));
      await users.putAll(version("20200115", 0), { batchSize: 1000 });
      await users.putAll(version("20200116", 10_000), { batchSize: 1000 });
      for (const uid of [0, 300, 1999, 2000, 2499]) {
        expect(await users.getKV(`${uid}|20200115`)).toEqual([uid]);
        expect(await users.getKV(`${uid}|20200116`)).toEqual([10_000 + uid]);
      }
      // Reloading one key of version A changes that key only.
      await users.putAll([{ key: "300|20200115", value: [-1] }]);
      expect(await users.getKV("300|20200115")).toEqual([-1]);
      expect(await users.getKV("301|20200115")).toEqual([301]);
      expect(await users.getKV("300|20200116")).toEqual([10_300]);
    });

    it("leaves the store as it was when the load is cancelled part way", async () => {
      const cf = await open(make, name("cancel_tbl"), "json");
      await cf.putKKV("m1", { before: true });
      const abort = new AbortController();
      const load = cf.putAll(maps, { batchSize: 10, signal: abort.signal, onProgress: (done) => done >= 10 && abort.abort() });
      await expect(load).rejects.toMatchObject({ message: expect.stringMatching(/cancelled/) });
      expect(await cf.getKKV("m1")).toEqual({ before: true });
      expect(await cf.getKKV("m0")).toBeNull();
      expect(await cf.getKKV("m24")).toBeNull();
    });

    it("writes nothing when one value does not fit the encoding", async () => {
      const vectors = await open(make, name("bad_tbl"), "float_vector");
      await vectors.putKV("k0", [9]);
      await expect(vectors.putAll([...values, { key: "bad", value: ["x"] }], { batchSize: 10 })).rejects.toMatchObject({ code: "bad_request" });
      expect(await vectors.getKV("k0")).toEqual([9]);
      expect(await vectors.getKV("k1")).toBeNull();
    });
  });
});
