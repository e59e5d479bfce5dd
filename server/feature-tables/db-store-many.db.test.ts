import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { featureRows, featureTables } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import type { ValueEncoding } from "@/server/contracts/features";
import { countingDatabase, featureRowQueries } from "@/test/support/count-queries";
import { createTestDatabase } from "@/test/support/test-db";
import { consolePorts } from "@/server/scoring/console-ports";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import { createFeatureTable } from "./create-feature-table";
import { createDbStore } from "./db-store";

/**
 * The built-in store's many-key reads (the contract they share with the other stores is in
 * stores/feature-store.db.test.ts): one SQL statement for all keys, of the current generation only.
 */
let database: Database;
let counted: ReturnType<typeof countingDatabase>;

beforeAll(async () => {
  database = await createTestDatabase();
  counted = countingDatabase(database);
});

afterAll(async () => {
  await database?.close();
});

async function table(encoding: ValueEncoding) {
  const row = await createFeatureTable(database.db, {
    actor: SYSTEM,
    input: { name: `many_${randomUUID().slice(0, 8)}`, operator: "getKV", storage: "builtin", encoding },
  });
  return { id: row.id, name: row.name, store: createDbStore(counted.db, { tableId: row.id, table: row.name, encoding }) };
}

/** The statements on feature_rows that `read` sends. */
async function rowQueriesOf(read: () => Promise<unknown>): Promise<number> {
  const before = counted.queries.length;
  await read();
  return featureRowQueries(counted.queries.slice(before)).length;
}

describe("built-in store, many keys", () => {
  it("reads any number of keys, duplicates and missing ones too, in one query", async () => {
    const { store } = await table("float_vector");
    await store.putAll(Array.from({ length: 1200 }, (_, i) => ({ key: `u${i}`, value: [i] })));
    await store.putAll([{ key: "m", map: { a: [1] } }]);
    const keys = [...Array.from({ length: 1500 }, (_, i) => `u${i}`), "u3", "u3", "m", "nobody"];
    let many: unknown[] = [];
    expect(await rowQueriesOf(async () => (many = await store.getKVMany(keys)))).toBe(1);
    expect(many).toEqual(keys.map((k) => (/^u\d+$/.test(k) && Number(k.slice(1)) < 1200 ? [Number(k.slice(1))] : null)));
    // Around the last key held, and the tail: as getKV answers each.
    const sample = [...keys.slice(1190, 1210), ...keys.slice(-4)];
    expect([...many.slice(1190, 1210), ...many.slice(-4)]).toEqual(await Promise.all(sample.map((k) => store.getKV(k))));
    expect(many.slice(1198, 1201)).toEqual([[1198], [1199], null]);
    // A key that holds a map is none to getKVMany, as to getKV, and the other way round.
    expect(many.slice(-4)).toEqual([[3], [3], null, null]);
    let maps: unknown[] = [];
    expect(await rowQueriesOf(async () => (maps = await store.getKKVMany(["m", "u1", "m", "nobody"])))).toBe(1);
    expect(maps).toEqual([{ a: [1] }, null, { a: [1] }, null]);
    expect(await rowQueriesOf(() => store.getKVMany([]))).toBe(0);
  });

  it("reads the current generation only: a load's staged rows show once it switches, all keys at once", async () => {
    const { store } = await table("json");
    await store.putAll([
      { key: "a", value: 1 },
      { key: "b", value: 2 },
    ]);
    let duringLoad: unknown[] = [];
    await store.putAll(
      [
        { key: "a", value: 10 },
        { key: "c", value: 30 },
      ],
      {
        commit: async (apply) => {
          duringLoad = await store.getKVMany(["a", "b", "c"]);
          await apply(undefined);
        },
      },
    );
    expect(duringLoad).toEqual([1, 2, null]);
    expect(await store.getKVMany(["a", "b", "c"])).toEqual([10, 2, 30]);
  });

  it("fails on a stored value its encoding cannot decode, naming the key, as getKV does", async () => {
    const { id, store } = await table("float_vector");
    await store.putKV("ok", [1]);
    const [t] = await database.db.select({ generation: featureTables.generation }).from(featureTables).where(eq(featureTables.id, id));
    await database.db.insert(featureRows).values({ tableId: id, generation: t!.generation, key: "bad", field: null, value: "1,abc" });
    await expect(store.getKV("bad")).rejects.toMatchObject({ code: "bad_gateway", details: { key: "bad" } });
    await expect(store.getKVMany(["ok", "bad"])).rejects.toMatchObject({ code: "bad_gateway", details: { key: "bad" } });
  });

  it("is what the console's scoring wiring gives the runtime: readers with the many-key reads, one query each", async () => {
    const { name, store } = await table("json");
    await store.putAll([{ key: "a", value: { x: 1 } }]);
    const reader = await consolePorts(wireScoringDeps(counted.db)).openTable(name);
    let many: unknown[] = [];
    expect(await rowQueriesOf(async () => (many = (await reader.getKVMany?.(["a", "b", "a"])) ?? []))).toBe(1);
    expect(many).toEqual([{ x: 1 }, null, { x: 1 }]);
  });
});
