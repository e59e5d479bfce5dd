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

/**
 * Nothing half-loaded may remain (issue 6): a load that fails or is cancelled part way leaves a
 * table exactly as it was, on the built-in store and on Redis. The file below is 1,200 keys,
 * written in batches of 500; the failure comes after the first batch went out.
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

/** Everything under the table's prefix, as Redis holds it. */
async function redisContents(prefix: string): Promise<Record<string, Record<string, string>>> {
  const keys = (await admin.keys(`${prefix}*`)).sort();
  return Object.fromEntries(await Promise.all(keys.map(async (k) => [k.slice(prefix.length), await admin.hgetall(k)] as const)));
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
      onProgress: (done) => {
        if (done === 500) {
          connection.cut();
          cut = true;
        }
      },
    });
    const e = await load.then(() => null, (x: unknown) => x);
    connection.restore();
    expect(cut).toBe(true);
    expect(e).toMatchObject({ code: "bad_gateway", message: expect.stringMatching(new RegExp(`${table}.*nothing of it was written`)) });
    expect(await redisContents(prefix)).toEqual(was);
  });

  it("keeps Redis unchanged when the load is cancelled part way", async () => {
    const { table, prefix } = await redisTable();
    const was = await redisContents(prefix);
    const abort = new AbortController();
    const load = loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, signal: abort.signal, onProgress: (done) => done === 500 && abort.abort() });
    await expect(load).rejects.toMatchObject({ message: expect.stringMatching(/cancelled/) });
    expect(await redisContents(prefix)).toEqual(was);
  });

  it("writes the whole file when nothing fails, and the table's reads see it", async () => {
    const { table, prefix } = await redisTable();
    const progress: number[] = [];
    await loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([0, 500, 1000, 1200]);
    expect(Object.keys(await redisContents(prefix))).toHaveLength(1200);
    expect((await lookupFeatureKey(database.db, { table, key: "2" })).value).toEqual({ score: 1, n: 1 });
  });
});

describe("a built-in load is all-or-nothing", () => {
  it("keeps the table unchanged when the load is cancelled part way", async () => {
    const table = `cf_${randomUUID().slice(0, 8)}`;
    await createFeatureTable(database.db, { actor: SYSTEM, input: { name: table, operator: "getKKV", storage: "builtin", encoding: "json" } });
    await loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: before.map((r) => JSON.stringify(r)).join("\n") } });
    const abort = new AbortController();
    const load = loadFeatureRows(database.db, { actor: SYSTEM, table, input: { format: "jsonl", text: file }, signal: abort.signal, onProgress: (done) => done === 500 && abort.abort() });
    await expect(load).rejects.toMatchObject({ message: expect.stringMatching(/cancelled/) });
    expect((await lookupFeatureKey(database.db, { table, key: "1" })).value).toEqual({ score: 0.1 });
    expect((await lookupFeatureKey(database.db, { table, key: "3" })).value).toBeNull();
  });
});
