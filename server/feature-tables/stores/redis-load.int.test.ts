import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestRedis, testRedis } from "@/test/support/redis";
import type { RowEntry } from "./parse-rows";
import { createRedisStore } from "./redis-store";
import { GENERATION_POINTER } from "./redis-generations";

/**
 * A Redis load stages its keys under a generation of its own, in pipelined batches, and switches
 * with one SET of the table's pointer key; readers resolve the pointer, so during a load they see
 * the old rows, and after it the old generation is deleted (issue 16, High 1). No MULTI holds
 * Redis for the whole file any more. A load merges: before the switch, the current keys the file
 * does not hold are copied into the new generation.
 */
const run = `sc-redis-load:${randomUUID().slice(0, 8)}:`;
const raw = openTestRedis({ lazyConnect: true });

beforeAll(() => raw.connect());
afterAll(async () => {
  const keys = await raw.keys(`${run}*`);
  if (keys.length > 0) await raw.del(...keys);
  raw.disconnect();
});

function table() {
  const name = `cf_${randomUUID().slice(0, 8)}`;
  const prefix = `${run}${name}:`;
  return { prefix, store: createRedisStore({ table: name, encoding: "json", connection: { ...testRedis, keyPrefix: prefix } }) };
}

const file = (n: number, score: number): RowEntry[] => Array.from({ length: n }, (_, i) => ({ key: String(i + 1), map: { score, n: i } }));

/** The table's keys relative to its prefix, pointer aside, grouped by generation infix ("" = the layout before generations). */
async function keysByGeneration(prefix: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const k of await raw.keys(`${prefix}*`)) {
    const rel = k.slice(prefix.length);
    if (rel === GENERATION_POINTER) continue;
    const g = /^~[0-9a-z]+~:/.exec(rel)?.[0] ?? "";
    out[g] = (out[g] ?? 0) + 1;
  }
  return out;
}

describe("a Redis load", () => {
  it("stages beside the current rows, which readers keep seeing until one switch; then deletes the old generation", async () => {
    const { prefix, store } = table();
    try {
      // Rows of the layout before generations: readers find them with no pointer key.
      await raw.hset(`${prefix}1`, { score: "0.5" });
      await raw.hset(`${prefix}99`, { score: "9" });
      expect(await store.getKKV("1")).toEqual({ score: 0.5 });

      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let paused!: () => void;
      const atPause = new Promise<void>((resolve) => (paused = resolve));
      const load = store.putAll(file(30, 1), {
        batchSize: 10,
        afterBatch: async (done) => {
          if (done !== 10) return;
          paused();
          await held;
        },
      });
      await atPause;
      // Half way: the first batch is in Redis under a generation of its own, the reader sees the old rows.
      expect(await raw.get(`${prefix}${GENERATION_POINTER}`)).toBeNull();
      const during = await keysByGeneration(prefix);
      expect(during[""]).toBe(2);
      expect(Object.entries(during).filter(([g]) => g !== "")).toEqual([[expect.stringMatching(/^~/), 10]]);
      expect(await store.getKKV("1")).toEqual({ score: 0.5 });
      expect(await store.getKKV("2")).toBeNull();
      release();
      await load;

      const first = await raw.get(`${prefix}${GENERATION_POINTER}`);
      expect(first).toMatch(/^~[0-9a-z]+~:$/);
      // The file's 30 keys and the old layout's key it does not hold, carried over; the old layout gone.
      expect(await keysByGeneration(prefix)).toEqual({ [first!]: 31 });
      expect(await store.getKKV("1")).toEqual({ score: 1, n: 0 });
      expect(await store.getKKV("99")).toEqual({ score: 9 });

      // A second load merges into a new generation (its maps replace those keys' maps whole),
      // the first generation goes, and single writes go to the current one.
      await raw.hset(`${prefix}${first}2`, { stale: "1" });
      await store.putAll(file(5, 2), { batchSize: 2 });
      const second = await raw.get(`${prefix}${GENERATION_POINTER}`);
      expect(second).not.toBe(first);
      expect(await keysByGeneration(prefix)).toEqual({ [second!]: 31 });
      expect(await store.getKKV("2")).toEqual({ score: 2, n: 1 });
      expect(await store.getKKV("6")).toEqual({ score: 1, n: 5 });
      expect(await store.getKKV("99")).toEqual({ score: 9 });
      await store.putKKV("9", { score: 3 });
      expect(await raw.hgetall(`${prefix}${second}9`)).toEqual({ score: "3" });
    } finally {
      await store.close();
    }
  });

  it("leaves the table as it was when it fails half way, and a crashed load's leftovers go at the next load", async () => {
    const { prefix, store } = table();
    try {
      await store.putAll(file(3, 1));
      const current = await raw.get(`${prefix}${GENERATION_POINTER}`);

      const failing = store.putAll(file(30, 2), {
        batchSize: 10,
        afterBatch: (done) => {
          if (done === 20) throw new Error("injected failure");
        },
      });
      await expect(failing).rejects.toThrow(/injected failure/);
      expect(await raw.get(`${prefix}${GENERATION_POINTER}`)).toBe(current);
      expect(await keysByGeneration(prefix)).toEqual({ [current!]: 3 });
      expect(await store.getKKV("1")).toEqual({ score: 1, n: 0 });

      // A crashed load's staging (a generation no pointer names) is invisible, and goes at the next load.
      await raw.set(`${prefix}~gcrashed~:1`, "{}");
      expect(await keysByGeneration(prefix)).toEqual({ [current!]: 3, "~gcrashed~:": 1 });

      await store.putAll(file(2, 3));
      const next = await raw.get(`${prefix}${GENERATION_POINTER}`);
      expect(await keysByGeneration(prefix)).toEqual({ [next!]: 3 });
      expect(await store.getKKV("3")).toEqual({ score: 1, n: 2 });
    } finally {
      await store.close();
    }
  });
});
