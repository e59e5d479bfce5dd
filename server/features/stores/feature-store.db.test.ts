import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { ValueEncoding } from "@/server/contracts/features";
import type { FeatureStore } from "./feature-store";
import { createMemoryStore } from "./memory-store";
import { createRedisStore } from "./redis-store";

// The same behaviour is required of every store; Redis is the real one at 127.0.0.1:6379,
// under a prefix unique to this run, deleted afterwards.
const prefix = `sc-test:${randomUUID()}:`;
const opened: FeatureStore[] = [];

const factories: [string, (table: string, encoding: ValueEncoding) => FeatureStore][] = [
  ["memory", (table, encoding) => createMemoryStore({ table, encoding })],
  ["redis", (table, encoding) => createRedisStore({ table, encoding, connection: { host: "127.0.0.1", port: 6379, keyPrefix: `${prefix}${table}:` } })],
];

function open(make: (table: string, encoding: ValueEncoding) => FeatureStore, table: string, encoding: ValueEncoding) {
  const store = make(table, encoding);
  opened.push(store);
  return store;
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  const redis = new Redis({ host: "127.0.0.1", port: 6379 });
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe.each(factories)("%s store", (_kind, make) => {
  it("round-trips getKV values per encoding and returns null for a missing key", async () => {
    const vectors = open(make, "user_tbl", "float_vector");
    await vectors.putKV("u1", [0.1, -2, 3e-7]);
    expect(await vectors.getKV("u1")).toEqual([0.1, -2, 3e-7]);
    expect(await vectors.getKV("nobody")).toBeNull();

    const objects = open(make, "obj_tbl", "json");
    await objects.putKV("o", { a: [1, "x"], b: null });
    expect(await objects.getKV("o")).toEqual({ a: [1, "x"], b: null });

    const strings = open(make, "str_tbl", "string");
    await strings.putKV("s", "héllo, world");
    expect(await strings.getKV("s")).toBe("héllo, world");
  });

  it("stores getKKV maps with each field decoded, replacing the previous map", async () => {
    const cf = open(make, "graph_cf_tbl", "json");
    await cf.putKKV("234|123|5", { score: 0.75, stale: 1 });
    await cf.putKKV("234|123|5", { score: 0.5, n: 3 });
    expect(await cf.getKKV("234|123|5")).toEqual({ score: 0.5, n: 3 });
    expect(await cf.getKKV("missing")).toBeNull();
    await cf.putKKV("emptied", {});
    expect(await cf.getKKV("emptied")).toBeNull();
  });

  it("refuses a value its encoding cannot hold and keeps the old one", async () => {
    const vectors = open(make, "user_tbl2", "float_vector");
    await vectors.putKV("u", [1]);
    await expect(vectors.putKV("u", ["a"])).rejects.toMatchObject({ code: "bad_request" });
    await expect(vectors.putKKV("m", { ok: [1], bad: "x" })).rejects.toMatchObject({ code: "bad_request" });
    expect(await vectors.getKV("u")).toEqual([1]);
    expect(await vectors.getKKV("m")).toBeNull();
  });

  it("is healthy while open", async () => {
    expect(await open(make, "h_tbl", "json").health()).toMatchObject({ ok: true });
  });
});
