import { Redis, type RedisOptions } from "ioredis";
import type { ValueEncoding } from "@/server/contracts/features";
import { AppError } from "@/server/errors";
import type { FeatureStore } from "./feature-store";
import { decodeValue, encodeValue, storedValueError } from "./value-encoding";
import { GENERATION_POINTER, READ_KKV, READ_KKV_MANY, READ_KV, READ_KV_MANY, copyMissing, globPrefix, isGenerationKey, newGenerationInfix, unlinkMatching } from "./redis-generations";
import { cancelledLoad, writeInBatches, yieldToOthers } from "./write-in-batches";
import { logError } from "@/server/log/loggable-error";

/** Where a Redis-backed table lives: a `redis://` URL or host/port, and an optional key prefix. */
export interface RedisConnection {
  url?: string;
  host?: string;
  port?: number;
  db?: number;
  username?: string;
  password?: string;
  tls?: boolean;
  /** Prepended to every key, so several tables (or test runs) can share one database. */
  keyPrefix?: string;
}

export interface RedisStoreOptions {
  table: string;
  encoding: ValueEncoding;
  connection: RedisConnection;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Deadline of each command of a putAll (a pipelined batch, a SCAN page). Default 60 s. */
  loadTimeoutMs?: number;
}

/**
 * A table on Redis: getKV is GET of a string, getKKV is HGETALL of a hash, each value decoded
 * per the table's encoding, under the table's current generation (redis-generations.ts).
 *
 * Scoring waits on this, so it fails fast instead of queueing: a command issued while Redis is
 * unreachable is rejected at once (no per-request retries) while the client keeps reconnecting
 * in the background, and every command has a deadline.
 */
export function createRedisStore(opts: RedisStoreOptions): FeatureStore {
  const { table, encoding, connection } = opts;
  const redis = new Redis({
    ...connectionOptions(connection),
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 1000,
    commandTimeout: opts.commandTimeoutMs ?? 500,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  const where = describe(connection);
  // ioredis reports connection failures as events and rejects queued commands with a generic
  // "max retries" error; the event holds the useful reason (ECONNREFUSED, auth, DNS).
  let lastConnectionError: Error | undefined;
  redis.on("error", (e: Error) => {
    lastConnectionError = e;
  });
  redis.on("ready", () => {
    lastConnectionError = undefined;
  });

  const fail = (e: unknown, key?: string): AppError => {
    const err = e instanceof Error ? e : new Error(String(e));
    const subject = `Feature table "${table}" (redis ${where})${key === undefined ? "" : `, key "${key}"`}`;
    if (/Command timed out/i.test(err.message)) {
      return new AppError("timeout", `${subject}: no answer within ${opts.commandTimeoutMs ?? 500} ms`);
    }
    const reason = err.name === "MaxRetriesPerRequestError" && lastConnectionError ? lastConnectionError.message : err.message;
    return new AppError("bad_gateway", `${subject}: ${reason}`);
  };
  const call = async <T>(key: string | undefined, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw e instanceof AppError ? e : fail(e, key);
    }
  };
  const decode = (key: string, raw: string): unknown => {
    const d = decodeValue(encoding, raw);
    if (!d.ok) throw storedValueError(table, key, encoding);
    return d.value;
  };

  // Reads resolve the table's generation pointer and read the row in one script (atomic):
  // a load switching generations, and the old generation's deletion, never show to a reader.
  const prefix = connection.keyPrefix ?? "";
  redis.defineCommand("featureReadKV", { numberOfKeys: 1, lua: READ_KV });
  redis.defineCommand("featureReadKKV", { numberOfKeys: 1, lua: READ_KKV });
  redis.defineCommand("featureReadKVMany", { numberOfKeys: 1, lua: READ_KV_MANY });
  redis.defineCommand("featureReadKKVMany", { numberOfKeys: 1, lua: READ_KKV_MANY });
  const scripts = redis as unknown as {
    featureReadKV(pointer: string, prefix: string, key: string): Promise<string | null>;
    featureReadKKV(pointer: string, prefix: string, key: string): Promise<string[]>;
    featureReadKVMany(pointer: string, prefix: string, ...keys: string[]): Promise<(string | null)[]>;
    featureReadKKVMany(pointer: string, prefix: string, ...keys: string[]): Promise<string[][]>;
  };
  const mapOf = (key: string, flat: string[]): Record<string, unknown> | null => {
    if (flat.length === 0) return null;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < flat.length; i += 2) out[flat[i]!] = decode(key, flat[i + 1]!);
    return out;
  };
  /** The current generation's infix, for the single-key writes (a load never runs through them). */
  const generationNow = async () => (await redis.get(GENERATION_POINTER)) ?? "";

  return {
    getKV: (key) =>
      call(key, async () => {
        const raw = await scripts.featureReadKV(GENERATION_POINTER, prefix, key);
        return raw === null ? null : decode(key, raw);
      }),
    getKKV: (key) =>
      call(key, async () => mapOf(key, await scripts.featureReadKKV(GENERATION_POINTER, prefix, key))),
    // One script call for all keys (MGET, or HGETALL per key, inside it): one round trip, one generation.
    getKVMany: (keys) =>
      call(keys.length === 1 ? keys[0] : undefined, async () => {
        if (keys.length === 0) return [];
        const raws = await scripts.featureReadKVMany(GENERATION_POINTER, prefix, ...keys);
        return keys.map((key, i) => {
          const raw = raws[i] ?? null;
          return raw === null ? null : decode(key, raw);
        });
      }),
    getKKVMany: (keys) =>
      call(keys.length === 1 ? keys[0] : undefined, async () => {
        if (keys.length === 0) return [];
        const flats = await scripts.featureReadKKVMany(GENERATION_POINTER, prefix, ...keys);
        return keys.map((key, i) => mapOf(key, flats[i] ?? []));
      }),
    putKV: async (key, value) => {
      const text = encodeValue(encoding, value);
      await call(key, async () => {
        await redis.set((await generationNow()) + key, text);
      });
    },
    putKKV: async (key, map) => {
      const encoded = Object.fromEntries(Object.entries(map).map(([field, v]) => [field, encodeValue(encoding, v)]));
      await call(key, async () => {
        const at = (await generationNow()) + key;
        // DEL then HSET in one transaction: the map is replaced, never merged with stale fields.
        const tx = redis.multi().del(at);
        if (Object.keys(encoded).length > 0) tx.hset(at, encoded);
        const results = (await tx.exec()) ?? [];
        const failed = results.find(([err]) => err);
        if (failed?.[0]) throw failed[0];
      });
    },
    putAll: async (entries, putOpts = {}) => {
      // A load's own connection, with full key names (no key prefix: SCAN patterns and the keys
      // it returns are never prefixed), a longer deadline per command, and no offline queue nor
      // reconnection, so nothing is written after a drop without the load knowing. Its own
      // connection also keeps the table's shared client, which scoring reads through, free.
      const loadTimeoutMs = opts.loadTimeoutMs ?? 60_000;
      const open = () => {
        const c = redis.duplicate({
          keyPrefix: "",
          lazyConnect: true,
          commandTimeout: loadTimeoutMs,
          retryStrategy: () => null,
          enableOfflineQueue: false,
          autoResendUnfulfilledCommands: false,
          maxRetriesPerRequest: 0,
        });
        c.on("error", () => {}); // reported through the failing command
        return c;
      };
      const pointer = prefix + GENERATION_POINTER;
      const staged = prefix + newGenerationInfix();
      const load = open();
      let current = "";
      let switched = false;
      try {
        await load.connect();
        current = (await load.get(pointer)) ?? "";
        // What a crashed or failed load left behind (invisible to readers), before staging.
        await unlinkMatching(load, globPrefix(prefix), (full) => isLeftover(full.slice(prefix.length), current, prefix));
        await writeInBatches(entries, putOpts, async (batch) => {
          await putOpts.lease?.renew();
          // Encoded batch by batch: a value that does not fit fails the load, and the staged keys go.
          const pipeline = load.pipeline();
          for (const e of batch) {
            if ("map" in e) {
              const map = Object.fromEntries(Object.entries(e.map).map(([f, v]) => [f, encodeValue(encoding, v)]));
              if (Object.keys(map).length > 0) pipeline.hset(staged + e.key, map);
            } else pipeline.set(staged + e.key, encodeValue(encoding, e.value));
          }
          const failed = ((await pipeline.exec()) ?? []).find(([err]) => err);
          if (failed?.[0]) throw failed[0];
        });
        // A load merges: the current keys the file does not hold are carried over (SCAN + COPY).
        const from = prefix + current;
        await copyMissing(
          load,
          globPrefix(from),
          (full) => {
            const relative = full.slice(from.length);
            // The layout before generations: every key under the prefix but the pointer and generations (this load's too).
            if (current === "" && (relative === GENERATION_POINTER || isGenerationKey(relative))) return undefined;
            return staged + relative;
          },
          async () => {
            if (putOpts.signal?.aborted) throw cancelledLoad();
            await putOpts.lease?.renew();
            await yieldToOthers();
          },
        );
        if (putOpts.signal?.aborted) throw cancelledLoad();
        // The switch: one SET that readers resolve through (inside the caller's short transaction).
        const apply = async () => {
          await load.set(pointer, staged.slice(prefix.length));
          switched = true;
        };
        await (putOpts.commit ? putOpts.commit(apply) : apply());
      } catch (e) {
        load.disconnect();
        if (!switched) await discardStaged(staged);
        if (e instanceof AppError) throw e; // cancelled, taken over, or a value that does not fit
        const err = e instanceof Error && /Command timed out/i.test(e.message) ? new Error(`no answer within ${loadTimeoutMs} ms`) : e;
        throw new AppError("bad_gateway", `${fail(err).message.replace(/\.$/, "")} (during the load; the table was left as it was)`);
      }
      try {
        // The old generation is no longer read; a failure here leaves it to the next load.
        if (current !== "") await unlinkMatching(load, globPrefix(prefix + current));
        else if (prefix !== "") await unlinkMatching(load, globPrefix(prefix), (full) => isLegacy(full.slice(prefix.length)));
      } catch (e) {
        logError(`[feature-tables] "${table}": deleting the previous generation failed (the next load retries)`, e);
      } finally {
        load.disconnect();
      }

      /** On a connection of its own: the load's may be the one that failed. */
      async function discardStaged(stagedPrefix: string) {
        const cleaner = open();
        try {
          await cleaner.connect();
          await unlinkMatching(cleaner, globPrefix(stagedPrefix));
        } catch (e) {
          logError(`[feature-tables] "${table}": discarding a failed load's keys failed (the next load deletes them)`, e);
        } finally {
          cleaner.disconnect();
        }
      }
    },
    async health() {
      try {
        await call(undefined, () => redis.ping());
        return { ok: true, detail: `redis ${where}` };
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    },
    async close() {
      if (redis.status === "ready") {
        await redis.quit().catch(() => redis.disconnect());
      } else {
        redis.disconnect();
      }
    },
  };
}

function connectionOptions(c: RedisConnection): RedisOptions {
  const fromUrl: RedisOptions = {};
  if (c.url) {
    const u = new URL(c.url);
    fromUrl.host = u.hostname;
    fromUrl.port = u.port ? Number(u.port) : 6379;
    if (u.username) fromUrl.username = decodeURIComponent(u.username);
    if (u.password) fromUrl.password = decodeURIComponent(u.password);
    const db = u.pathname.replace(/^\//, "");
    if (db) fromUrl.db = Number(db);
    if (u.protocol === "rediss:") fromUrl.tls = {};
  }
  return {
    ...fromUrl,
    ...(c.host === undefined ? {} : { host: c.host }),
    ...(c.port === undefined ? {} : { port: c.port }),
    ...(c.db === undefined ? {} : { db: c.db }),
    ...(c.username === undefined ? {} : { username: c.username }),
    ...(c.password === undefined ? {} : { password: c.password }),
    ...(c.tls ? { tls: {} } : {}),
    ...(c.keyPrefix === undefined ? {} : { keyPrefix: c.keyPrefix }),
  };
}

/** host:port/db for messages; never the password. */
function describe(c: RedisConnection): string {
  const u = c.url ? new URL(c.url) : undefined;
  const host = c.host ?? u?.hostname ?? "127.0.0.1";
  const port = c.port ?? (u?.port ? Number(u.port) : 6379);
  const db = c.db ?? (u?.pathname.replace(/^\//, "") || 0);
  return `${host}:${port}/${db}`;
}

/** Keys under the prefix that no reader sees and no load is using: another generation's, or the old layout once a generation exists. */
function isLeftover(relative: string, current: string, prefix: string): boolean {
  if (relative === GENERATION_POINTER) return false;
  if (current === "") return isGenerationKey(relative);
  if (relative.startsWith(current)) return false;
  // With an empty prefix the old layout's keys cannot be told from other data: they stay.
  return isGenerationKey(relative) || prefix !== "";
}

/** A key of the layout before generations (deleted once the first generation is switched to). */
function isLegacy(relative: string): boolean {
  return relative !== GENERATION_POINTER && !isGenerationKey(relative);
}
