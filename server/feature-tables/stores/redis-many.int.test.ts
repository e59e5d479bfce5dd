import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleApi } from "@/sdk/src/runtime/adapters/console-api";
import { createFeatureTables, type FeatureTableDefinition, type FeatureTables } from "@/sdk/src/runtime/adapters/feature-tables";
import type { FeatureTableReader } from "@/sdk/src/runtime/ports";
import { openTestRedis, TEST_REDIS_URL, testRedis } from "@/test/support/redis";
import type { ValueEncoding } from "@/server/contracts/features";
import type { FeatureStore } from "./feature-store";
import { createRedisStore } from "./redis-store";

/**
 * Many keys of a Redis table in one round trip, from the console's store and from the scoring
 * runtime's adapter alike: one script (MGET, or HGETALL per key, inside it) under the table's
 * current generation, answering as getKV / getKKV per key would. Round trips are counted with
 * MONITOR, which shows every command Redis runs, a script's own ones tagged "lua".
 */
const prefix = `sc-test:${randomUUID()}:`;
const CONNECTION = "many-redis";
const stores: FeatureStore[] = [];
let runtimeTables: FeatureTables;
const definitions = new Map<string, FeatureTableDefinition>();

beforeAll(() => {
  // The runtime's table definitions, as the console's API would give them.
  const api: ConsoleApi = {
    get: async <T>(path: string) => (definitions.get(decodeURIComponent(path.split("/").pop()!)) ?? null) as T | null,
    post: async () => Promise.reject(new Error("no built-in tables here")),
  };
  runtimeTables = createFeatureTables({ api, connections: { [CONNECTION]: { url: TEST_REDIS_URL } } });
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await runtimeTables?.close();
  const redis = openTestRedis();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** A Redis table with its rows loaded by the console (a generation of the layout), and the runtime's reader of it. */
async function table(encoding: ValueEncoding, operator: "getKV" | "getKKV") {
  const name = `many_${randomUUID().slice(0, 8)}`;
  const keyPrefix = `${prefix}${name}:`;
  const store = createRedisStore({ table: name, encoding, connection: { ...testRedis, keyPrefix } });
  stores.push(store);
  definitions.set(name, { name, operator, storage: "redis", connection: { name: CONNECTION }, keyPrefix, encoding });
  return { name, keyPrefix, store, open: (): Promise<FeatureTableReader> => runtimeTables.openTable(name) };
}

interface Seen {
  name: string;
  fromScript: boolean;
  args: string[];
}

/** The commands Redis ran, mentioning `marker`, while `run` ran: the monitor has seen them all once it sees a command sent after. */
async function commandsDuring(marker: string, run: () => Promise<unknown>): Promise<Seen[]> {
  const base = openTestRedis({ lazyConnect: true });
  const monitor = await base.monitor();
  const seen: Seen[] = [];
  const sentinel = `sentinel-${randomUUID()}`;
  let sawSentinel!: () => void;
  const done = new Promise<void>((resolve) => (sawSentinel = resolve));
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (args.includes(sentinel)) sawSentinel();
    else if (args.some((a) => a.includes(marker))) seen.push({ name: args[0]!.toLowerCase(), fromScript: source === "lua", args });
  });
  try {
    await run();
    const client = openTestRedis();
    await client.echo(sentinel);
    await client.quit();
    await done;
  } finally {
    monitor.disconnect();
    base.disconnect();
  }
  return seen;
}

const sent = (seen: Seen[]) => seen.filter((c) => !c.fromScript);

describe.each([
  ["the console's Redis store", "console"],
  ["the runtime's adapter", "runtime"],
] as const)("%s: many keys at once", (_title, who) => {
  const readerOf = async (t: Awaited<ReturnType<typeof table>>): Promise<Required<FeatureTableReader>> => {
    const r = who === "console" ? t.store : await t.open();
    if (!r.getKVMany || !r.getKKVMany) throw new Error("the reader has no many-key reads");
    return r as Required<FeatureTableReader>;
  };

  it("getKVMany: one round trip, one MGET, answering as getKV per key across loads", async () => {
    const t = await table("float_vector", "getKV");
    await t.store.putAll(Array.from({ length: 1200 }, (_, i) => ({ key: `u${i}`, value: [i, 0.5] })));
    await t.store.putAll([{ key: "u7", value: [-7] }]); // a new generation: u7 changes, the rest is carried over
    const reader = await readerOf(t);
    const keys = ["u7", "nobody", "u0", "u7", ...Array.from({ length: 996 }, (_, i) => `u${i + 200}`)];
    await reader.getKVMany(["u1"]); // both load their script on first use (EVALSHA, then EVAL)
    let many: unknown[] = [];
    const seen = await commandsDuring(t.keyPrefix, async () => (many = await reader.getKVMany(keys)));
    expect(sent(seen).map((c) => c.name)).toEqual(["evalsha"]);
    const mgets = seen.filter((c) => c.fromScript && c.name === "mget");
    expect(mgets).toHaveLength(1);
    expect(mgets[0]!.args).toHaveLength(keys.length + 1);
    expect(many).toEqual(await Promise.all(keys.map((k) => reader.getKV(k))));
    expect(many.slice(0, 4)).toEqual([[-7], null, [0, 0.5], [-7]]);
    expect(await reader.getKVMany([])).toEqual([]);
  });

  it("slices more than 1000 keys into MGETs inside the one script", async () => {
    const t = await table("json", "getKV");
    await t.store.putAll(Array.from({ length: 1500 }, (_, i) => ({ key: `k${i}`, value: { i } })));
    const reader = await readerOf(t);
    const keys = Array.from({ length: 2100 }, (_, i) => `k${i}`);
    await reader.getKVMany(["k1"]);
    let many: unknown[] = [];
    const seen = await commandsDuring(t.keyPrefix, async () => (many = await reader.getKVMany(keys)));
    expect(sent(seen)).toHaveLength(1);
    expect(seen.filter((c) => c.fromScript && c.name === "mget")).toHaveLength(3);
    expect(many).toEqual(keys.map((_k, i) => (i < 1500 ? { i } : null)));
  });

  it("getKKVMany: one round trip, answering as getKKV per key", async () => {
    const t = await table("json", "getKKV");
    await t.store.putAll([
      { key: "234|1", map: { score: 0.5, n: 2 } },
      { key: "234|2", map: { b: "x", a: null } },
    ]);
    await t.store.putKKV("234|3", { z: [1] });
    const reader = await readerOf(t);
    const keys = ["234|2", "none", "234|1", "234|2", "234|3"];
    await reader.getKKVMany(["234|1"]);
    let many: unknown[] = [];
    const seen = await commandsDuring(t.keyPrefix, async () => (many = await reader.getKKVMany(keys)));
    expect(sent(seen)).toHaveLength(1);
    expect(seen.filter((c) => c.fromScript && c.name === "hgetall")).toHaveLength(keys.length);
    const single = await Promise.all(keys.map((k) => reader.getKKV(k)));
    expect(many).toEqual(single);
    expect(many).toEqual([{ b: "x", a: null }, null, { score: 0.5, n: 2 }, { b: "x", a: null }, { z: [1] }]);
  });

  it("fails as getKV does on a value the encoding cannot decode and on a key of the wrong type", async () => {
    const t = await table("float_vector", "getKV");
    await t.store.putAll([{ key: "ok", value: [1] }]);
    const raw = openTestRedis();
    const generation = (await raw.get(`${t.keyPrefix}~generation`)) ?? "";
    await raw.set(`${t.keyPrefix}${generation}bad`, "1,abc");
    await raw.hset(`${t.keyPrefix}${generation}map`, { a: "1" });
    await raw.quit();
    const reader = await readerOf(t);
    await expect(reader.getKVMany(["ok", "bad"])).rejects.toMatchObject({ code: "bad_gateway", message: expect.stringContaining('key "bad"') });
    await expect(reader.getKV("map")).rejects.toMatchObject({ code: "bad_gateway", message: expect.stringContaining("WRONGTYPE") });
    await expect(reader.getKVMany(["ok", "map"])).rejects.toMatchObject({ code: "bad_gateway", message: expect.stringContaining("WRONGTYPE") });
    await expect(reader.getKKVMany(["ok"])).rejects.toMatchObject({ code: "bad_gateway", message: expect.stringContaining("WRONGTYPE") });
  });
});

describe("the runtime's adapter: single reads started together", () => {
  it("leave as one script across tables and operators, each answering as it would alone", async () => {
    const kv = await table("float_vector", "getKV");
    const kkv = await table("json", "getKKV");
    await kv.store.putAll([{ key: "u1", value: [1, 2] }, { key: "u2", value: [3] }]);
    await kkv.store.putAll([{ key: "u1|g", map: { s: 0.5 } }]);
    const [a, b] = [await kv.open(), await kkv.open()];
    const read = () => Promise.all([a.getKV("u1"), b.getKKV("u1|g"), a.getKV("nobody"), b.getKKV("none"), a.getKV("u2")]);
    await read(); // the script is loaded on first use (EVALSHA, then EVAL)
    let answers: unknown[] = [];
    const seen = await commandsDuring(prefix, async () => (answers = await read()));
    expect(sent(seen).map((c) => c.name)).toEqual(["evalsha"]);
    expect(answers).toEqual([[1, 2], { s: 0.5 }, null, null, [3]]);
    // Apart, each is its own script, and answers the same.
    expect(await a.getKV("u1")).toEqual([1, 2]);
    expect(await b.getKKV("none")).toBeNull();
  });

  it("a key of the wrong type fails its own read only; the others keep their answers", async () => {
    const t = await table("float_vector", "getKV");
    await t.store.putAll([{ key: "ok", value: [1] }]);
    const raw = openTestRedis();
    const generation = (await raw.get(`${t.keyPrefix}~generation`)) ?? "";
    await raw.hset(`${t.keyPrefix}${generation}map`, { a: "1" });
    await raw.quit();
    const reader = await t.open();
    const [ok, wrong] = await Promise.allSettled([reader.getKV("ok"), reader.getKV("map")]);
    expect(ok).toEqual({ status: "fulfilled", value: [1] });
    expect(wrong).toMatchObject({ status: "rejected", reason: { code: "bad_gateway", message: expect.stringMatching(/key "map".*WRONGTYPE/) } });
  });

  it("more reads than one script takes go in several, in order", async () => {
    const t = await table("json", "getKV");
    await t.store.putAll(Array.from({ length: 1200 }, (_, i) => ({ key: `k${i}`, value: i })));
    const reader = await t.open();
    await reader.getKV("k0");
    let answers: unknown[] = [];
    const seen = await commandsDuring(t.keyPrefix, async () => (answers = await Promise.all(Array.from({ length: 1200 }, (_, i) => reader.getKV(`k${i}`)))));
    expect(sent(seen)).toHaveLength(3);
    expect(answers).toEqual(Array.from({ length: 1200 }, (_, i) => i));
  });
});

describe("the runtime's adapter: Redis down", () => {
  it("every read of a failed script fails with the connection's error, naming its own key", async () => {
    const api: ConsoleApi = {
      get: async <T>() => ({ name: "down_tbl", operator: "getKV", storage: "redis", connection: { name: "down" }, keyPrefix: "x:", encoding: "json" }) as T,
      post: async () => Promise.reject(new Error("no built-in tables here")),
    };
    // A port nobody listens on: the command fails at once (no offline queue).
    const tables = createFeatureTables({ api, connections: { down: { host: "127.0.0.1", port: 1 } } });
    try {
      const reader = await tables.openTable("down_tbl");
      const results = await Promise.allSettled([reader.getKV("a"), reader.getKV("b")]);
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
      expect(results.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([expect.stringContaining('key "a"'), expect.stringContaining('key "b"')]);
    } finally {
      await tables.close();
    }
  });
});
