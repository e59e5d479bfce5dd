import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createConnection } from "@/server/connections/create-connection";
import { openTestRedis, testRedis } from "@/test/support/redis";
import { createTestDatabase } from "@/test/support/test-db";
import { createFeatureTable } from "./create-feature-table";
import { loadFeatureRows } from "./load-feature-rows";
import { lookupFeatureKey } from "./lookup-feature-key";
import { closeFeatureStores } from "./store-cache";
import { insertGenerationRows } from "./builtin-generations";
import { claimLoad } from "./load-lease";
import { GENERATION_POINTER } from "./stores/redis-generations";
import { featureRows, featureTables } from "@/db/schema";
import { count, eq, sql } from "drizzle-orm";

/**
 * Nothing half-loaded may remain (issue 6): a load that fails or is cancelled part way leaves a
 * table exactly as it was, on the built-in store and on Redis. And a load never freezes the
 * console (issue 16, High 1): it holds no long transaction, so requests made while it runs are
 * answered (and see the old rows) before it finishes. The file below is 1,200 keys; loads are
 * held after their first batch with `afterBatch` to act half way, deterministically.
 */
let database: Database;
let connectionId: string;
const run = randomUUID().slice(0, 8);
const PREFIX = `sc-load-test:${run}:`;
const admin = openTestRedis({ lazyConnect: true });

beforeAll(async () => {
  database = await createTestDatabase();
  await admin.connect();
  connectionId = (await createConnection(database.db, { actor: SYSTEM, input: { name: "load-redis", ...testRedis, keyPrefixes: [PREFIX] } })).id;
});
afterAll(async () => {
  const keys = await admin.keys(`${PREFIX}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
  await closeFeatureStores();
  await database?.close();
});

const before = [
  { key: "1", fields: { score: 0.1 } },
  { key: "2", fields: { score: 0.2 } },
];
/** 1,200 maps; keys 1 and 2 among them with other fields, so a half load would show on them too. */
const file = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ key: String(i + 1), fields: { score: i, n: i % 7 } })).join("\n");

async function redisTable(): Promise<{ table: string; prefix: string }> {
  // Unique per run: the PGlite and PostgreSQL projects run this file at the same time on one Redis.
  const table = `cf_${randomUUID().slice(0, 8)}`;
  const prefix = `${PREFIX}${table}:`;
  await createFeatureTable(database.db, { actor: SYSTEM, input: { name: table, operator: "getKKV", storage: "redis", encoding: "json", connectionId, keyPrefix: prefix } });
  await loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: before.map((r) => JSON.stringify(r)).join("\n") } });
  return { table, prefix };
}

/**
 * The table's current generation as scoring services read it (the pointer key names it), and
 * the check that nothing else is left under the prefix: no staged or old generation.
 */
async function redisContents(prefix: string): Promise<Record<string, Record<string, string>>> {
  const generation = (await admin.get(`${prefix}${GENERATION_POINTER}`)) ?? "";
  const keys = (await admin.keys(`${prefix}*`)).map((k) => k.slice(prefix.length)).filter((k) => k !== GENERATION_POINTER).sort();
  expect(keys.every((k) => k.startsWith(generation))).toBe(true);
  return Object.fromEntries(await Promise.all(keys.map(async (k) => [k.slice(generation.length), await admin.hgetall(`${prefix}${k}`)] as const)));
}

/** Holds a load after its first batch until `release()`; `atHold` resolves once it is held. */
function holdAfterFirstBatch() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const atHold = new Promise<void>((resolve) => (reached = resolve));
  let first = true;
  const afterBatch = async () => {
    if (!first) return;
    first = false;
    reached();
    await held;
  };
  return { afterBatch, atHold, release };
}

/**
 * Catches the connection a Redis load opens for itself (the store duplicates the table's
 * client), so a test can cut it at an exact point of the load, as a network drop would.
 */
function catchLoadConnection(): { cut(): void; restore(): void } {
  let caught: Redis | undefined;
  const original = Redis.prototype.duplicate;
  const spy = vi.spyOn(Redis.prototype, "duplicate").mockImplementation(function (this: Redis, ...args: Parameters<Redis["duplicate"]>) {
    caught = original.apply(this, args);
    return caught;
  });
  return {
    cut: () => caught!.stream.destroy(),
    restore: () => spy.mockRestore(),
  };
}

describe("a Redis load is all-or-nothing", () => {
  it("keeps Redis unchanged when the connection fails part way", async () => {
    const { table, prefix } = await redisTable();
    const was = await redisContents(prefix);
    expect(was).toEqual({ "1": { score: "0.1" }, "2": { score: "0.2" } });
    const connection = catchLoadConnection();
    let cut = false;
    const load = loadFeatureRows(database.db, {
      actor: SYSTEM,
      table,
      input: { format: "jsonl", text: file },
      afterBatch: () => {
        connection.cut();
        cut = true;
      },
    });
    const e = await load.then(() => null, (x: unknown) => x);
    connection.restore();
    expect(cut).toBe(true);
    expect(e).toMatchObject({ code: "bad_gateway", message: expect.stringMatching(new RegExp(`${table}.*the table was left as it was`)) });
    expect(await redisContents(prefix)).toEqual(was);
  });

  it("keeps Redis unchanged when the load is cancelled part way", async () => {
    const { table, prefix } = await redisTable();
    const was = await redisContents(prefix);
    const abort = new AbortController();
    const load = loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, signal: abort.signal, afterBatch: () => abort.abort() });
    await expect(load).rejects.toMatchObject({ message: expect.stringMatching(/cancelled/) });
    expect(await redisContents(prefix)).toEqual(was);
  });

  it("writes the whole file when nothing fails, and the table's reads see it", async () => {
    const { table, prefix } = await redisTable();
    const progress: number[] = [];
    await loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([0, 1200]);
    expect(Object.keys(await redisContents(prefix))).toHaveLength(1200);
    expect((await lookupFeatureKey(database.db, { table, key: "2" })).value).toEqual({ score: 1, n: 1 });
  });

  it("answers readers with the old rows while it runs, then switches and deletes the old generation", async () => {
    const { table, prefix } = await redisTable();
    const oldGeneration = await admin.get(`${prefix}${GENERATION_POINTER}`);
    const hold = holdAfterFirstBatch();
    const load = loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, afterBatch: hold.afterBatch });
    await hold.atHold;
    expect((await lookupFeatureKey(database.db, { table, key: "1" })).value).toEqual({ score: 0.1 });
    expect((await lookupFeatureKey(database.db, { table, key: "3" })).value).toBeNull();
    expect(await admin.get(`${prefix}${GENERATION_POINTER}`)).toBe(oldGeneration);
    await expect(loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file } })).rejects.toMatchObject({ code: "conflict" });
    hold.release();
    await load;
    expect(await admin.get(`${prefix}${GENERATION_POINTER}`)).not.toBe(oldGeneration);
    expect(await redisContents(prefix)).toHaveProperty("3", { score: "2", n: "2" });
    expect(await admin.keys(`${prefix}${oldGeneration}*`)).toEqual([]);
  });
});

async function builtinTable(): Promise<{ table: string; tableId: string }> {
  const table = `cf_${randomUUID().slice(0, 8)}`;
  const row = await createFeatureTable(database.db, { actor: SYSTEM, input: { name: table, operator: "getKKV", storage: "builtin", encoding: "json" } });
  await loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: before.map((r) => JSON.stringify(r)).join("\n") } });
  return { table, tableId: row.id };
}

/** Every row the table holds, by generation: the current one and anything staged or left over. */
async function rowsByGeneration(tableId: string): Promise<Record<number, number>> {
  const rows = await database.db.select({ generation: featureRows.generation, n: count() }).from(featureRows).where(eq(featureRows.tableId, tableId)).groupBy(featureRows.generation);
  return Object.fromEntries(rows.map((r) => [r.generation, r.n]));
}

async function generationOf(tableId: string): Promise<number> {
  const [row] = await database.db.select({ generation: featureTables.generation }).from(featureTables).where(eq(featureTables.id, tableId));
  return row!.generation;
}

const lookup = async (table: string, key: string) => (await lookupFeatureKey(database.db, { table, key })).value;

describe("a built-in load", () => {
  it("lets other requests in while it runs: they are answered, with the old rows, before it finishes", async () => {
    const { table, tableId } = await builtinTable();
    const hold = holdAfterFirstBatch();
    const load = loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, afterBatch: hold.afterBatch });
    await hold.atHold;
    // Before issue 16 the load was one transaction: on PGlite these waited for it (and here, forever).
    expect(await lookup(table, "1")).toEqual({ score: 0.1 });
    expect(await lookup(table, "3")).toBeNull();
    await createFeatureTable(database.db, { actor: SYSTEM, input: { name: `other_${randomUUID().slice(0, 8)}`, operator: "getKV", storage: "builtin", encoding: "json" } });
    // One load at a time per table.
    await expect(loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file } })).rejects.toMatchObject({ code: "conflict" });
    hold.release();
    await load;
    expect(await lookup(table, "1")).toEqual({ score: 0, n: 0 });
    expect(await lookup(table, "1200")).toEqual({ score: 1199, n: 1199 % 7 });
    // The old generation is gone: only the new one's 1,200 maps of two fields are left.
    expect(await rowsByGeneration(tableId)).toEqual({ [await generationOf(tableId)]: 2400 });
  });

  it("keeps the table unchanged when the load is cancelled part way, and leaves no staged row", async () => {
    const { table, tableId } = await builtinTable();
    const was = await rowsByGeneration(tableId);
    const abort = new AbortController();
    const load = loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, signal: abort.signal, afterBatch: () => abort.abort() });
    await expect(load).rejects.toMatchObject({ message: expect.stringMatching(/cancelled/) });
    expect(await lookup(table, "1")).toEqual({ score: 0.1 });
    expect(await lookup(table, "3")).toBeNull();
    expect(await rowsByGeneration(tableId)).toEqual(was);
  });

  it("keeps the table unchanged when the load fails half way, and the table can be loaded again", async () => {
    const { table, tableId } = await builtinTable();
    const was = await rowsByGeneration(tableId);
    const load = loadFeatureRows(database.db, {
      actor: SYSTEM,
      table,
      input: { format: "jsonl", text: file },
      afterBatch: () => {
        throw new Error("injected failure after the first batch");
      },
    });
    await expect(load).rejects.toThrow(/injected failure/);
    expect(await lookup(table, "1")).toEqual({ score: 0.1 });
    expect(await lookup(table, "3")).toBeNull();
    expect(await rowsByGeneration(tableId)).toEqual(was);
    await loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file } });
    expect(await lookup(table, "3")).toEqual({ score: 2, n: 2 });
  });

  it("takes over from a crashed load once its lease expired, and deletes what it left", async () => {
    const { table, tableId } = await builtinTable();
    const was = await rowsByGeneration(tableId);
    // A load that staged a batch and died: its lease stays, its rows are a generation nobody reads.
    const crashed = await claimLoad(database.db, { tableId, table });
    await insertGenerationRows(database.db, tableId, crashed.generation, [{ key: "1", field: "left", value: "1" }]);
    expect(await lookup(table, "1")).toEqual({ score: 0.1 });
    await expect(loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file } })).rejects.toMatchObject({ code: "conflict" });

    await database.db.update(featureTables).set({ loadRenewedAt: sql`now() - interval '1 hour'` }).where(eq(featureTables.id, tableId));
    await loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file } });
    expect(await lookup(table, "1")).toEqual({ score: 0, n: 0 });
    const generation = await generationOf(tableId);
    expect(generation).toBeGreaterThan(crashed.generation);
    expect(await rowsByGeneration(tableId)).toEqual({ [generation]: 2400 });
    expect(Object.keys(was)).not.toContain(String(generation));
    // The crashed load, were it only stalled, can no longer renew nor switch.
    await expect(crashed.renew()).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses a file over the row cap with a 422 naming the cap, before writing anything", async () => {
    const { table, tableId } = await builtinTable();
    const was = await rowsByGeneration(tableId);
    const load = loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, maxRows: 2000 });
    await expect(load).rejects.toMatchObject({
      code: "unprocessable",
      status: 422,
      message: expect.stringContaining("2400 rows; a load takes at most 2000 (FEATURE_LOAD_MAX_ROWS)"),
      details: { rows: 2400, maxRows: 2000 },
    });
    expect(await rowsByGeneration(tableId)).toEqual(was);
  });
});
