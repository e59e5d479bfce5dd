import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { yieldToOthers } from "./write-in-batches";
import { GENERATION_POINTER, READ_KKV, READ_KKV_MANY, READ_KV, READ_KV_MANY } from "@/sdk/src/core/features/redis-layout";

// The read side of the layout is core's (sdk/src/core/features/redis-layout.ts), shared with the scoring runtime.
export { GENERATION_POINTER, READ_KKV, READ_KKV_MANY, READ_KV, READ_KV_MANY };

/**
 * The key layout of a Redis table (docs/templates.md, "Redis key layout"): with the table's
 * prefix P, the key `P~generation` holds the current generation's infix G (e.g. `~gmiq3k2x1a9f~:`),
 * and a row's key K lives at `P` + G + K. No `P~generation` key means G is empty: the layout
 * before generations, `P` + K, which tables never loaded since keep.
 *
 * A load writes a new generation beside the current one, copies into it the current keys the
 * file does not hold (a load merges), switches by SET of `P~generation` (one command), then
 * deletes the old generation with SCAN and UNLINK in batches.
 */

const GENERATION_KEY = /^~[0-9a-z]+~:/;

/** A fresh infix: a base-36 time and random part, so two loads (or processes) never share one. */
export function newGenerationInfix(): string {
  return `~g${Date.now().toString(36)}${randomBytes(3).toString("hex")}~:`;
}

/** Whether a key (relative to the table's prefix) belongs to some generation, as opposed to the layout before generations. */
export const isGenerationKey = (relative: string) => GENERATION_KEY.test(relative);

/** A SCAN MATCH pattern matching `literal` followed by anything. */
export const globPrefix = (literal: string) => `${literal.replace(/[*?[\]\\]/g, "\\$&")}*`;

/** Reads through the pointer in one atomic step: never a generation half switched, nor one deleted under the reader. */
/**
 * UNLINKs every key matching `pattern` (full names, on a connection without a key prefix) that
 * `keep` does not keep, a SCAN page at a time, yielding between pages. Returns how many went.
 */
export async function unlinkMatching(redis: Redis, pattern: string, drop: (fullKey: string) => boolean = () => true): Promise<number> {
  let cursor = "0";
  let total = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 2000);
    cursor = next;
    const gone = keys.filter(drop);
    if (gone.length > 0) total += await redis.unlink(...gone);
    await yieldToOthers();
  } while (cursor !== "0");
  return total;
}

/**
 * Copies every key matching `pattern` (full names) for which `target` names a destination,
 * unless the destination exists: COPY without REPLACE leaves it alone (Redis >= 6.2), so the
 * file's value wins and a map in the file replaces the key's old map whole, in one round trip
 * per SCAN page. `between` runs after each page. Returns how many keys were copied.
 */
export async function copyMissing(redis: Redis, pattern: string, target: (fullKey: string) => string | undefined, between: () => Promise<void>): Promise<number> {
  let cursor = "0";
  let total = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 2000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) {
      const to = target(key);
      if (to !== undefined) pipeline.copy(key, to);
    }
    if (pipeline.length > 0) {
      for (const [err, copied] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        total += Number(copied);
      }
    }
    await between();
  } while (cursor !== "0");
  return total;
}
