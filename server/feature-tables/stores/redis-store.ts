import { Redis, type RedisOptions } from "ioredis";
import type { ValueEncoding } from "@/server/contracts/features";
import { AppError } from "@/server/errors";
import type { FeatureStore } from "./feature-store";
import { decodeValue, encodeValue, storedValueError } from "./value-encoding";
import { writeInBatches } from "./write-in-batches";

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
  /** Deadline of each command of a putAll, its EXEC included (a large file is applied in one EXEC). Default 60 s. */
  loadTimeoutMs?: number;
}

/**
 * A table on Redis: getKV is GET of a string, getKKV is HGETALL of a hash, each value decoded
 * per the table's encoding.
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

  return {
    getKV: (key) =>
      call(key, async () => {
        const raw = await redis.get(key);
        return raw === null ? null : decode(key, raw);
      }),
    getKKV: (key) =>
      call(key, async () => {
        const hash = await redis.hgetall(key);
        const fields = Object.entries(hash);
        if (fields.length === 0) return null;
        return Object.fromEntries(fields.map(([field, raw]) => [field, decode(key, raw)]));
      }),
    putKV: async (key, value) => {
      const text = encodeValue(encoding, value);
      await call(key, async () => {
        await redis.set(key, text);
      });
    },
    putKKV: async (key, map) => {
      const encoded = Object.fromEntries(Object.entries(map).map(([field, v]) => [field, encodeValue(encoding, v)]));
      await call(key, async () => {
        // DEL then HSET in one transaction: the map is replaced, never merged with stale fields.
        const tx = redis.multi().del(key);
        if (Object.keys(encoded).length > 0) tx.hset(key, encoded);
        const results = (await tx.exec()) ?? [];
        const failed = results.find(([err]) => err);
        if (failed?.[0]) throw failed[0];
      });
    },
    putAll: async (entries, putOpts = {}) => {
      // Everything is encoded before anything is sent: a value that does not fit fails alone.
      const encoded: ({ key: string; text: string } | { key: string; map: Record<string, string> })[] = entries.map((e) =>
        "map" in e ? { key: e.key, map: Object.fromEntries(Object.entries(e.map).map(([f, v]) => [f, encodeValue(encoding, v)])) } : { key: e.key, text: encodeValue(encoding, e.value) },
      );
      // One MULTI ... EXEC on a connection of its own: Redis applies the queued writes all at
      // once at EXEC or, when the load is cancelled or the connection fails before, drops them
      // all (a transaction dies with its connection). The connection never reconnects nor
      // queues offline, so no write can slip out of the transaction after a drop. Its own
      // connection also keeps the table's shared client, which scoring reads through, out of it.
      const loadTimeoutMs = opts.loadTimeoutMs ?? 60_000;
      const load = redis.duplicate({
        lazyConnect: true,
        commandTimeout: loadTimeoutMs,
        retryStrategy: () => null,
        enableOfflineQueue: false,
        autoResendUnfulfilledCommands: false,
        maxRetriesPerRequest: 0,
      });
      load.on("error", () => {}); // reported through the failing command
      let results: [Error | null, unknown][] | null = null;
      let execSent = false;
      const queued = async (reply: Promise<unknown>) => {
        if ((await reply) !== "QUEUED") throw new Error("Redis did not queue a write inside the load's transaction");
      };
      try {
        await load.connect();
        await load.multi({ pipeline: false });
        await writeInBatches(encoded, putOpts, async (batch) => {
          await Promise.all(
            batch.flatMap((e) =>
              "map" in e
                ? [queued(load.del(e.key)), ...(Object.keys(e.map).length > 0 ? [queued(load.hset(e.key, e.map))] : [])]
                : [queued(load.set(e.key, e.text))],
            ),
          );
        });
        execSent = true;
        results = await load.exec();
      } catch (e) {
        if (e instanceof AppError) throw e; // cancelled: nothing was applied
        const err = e instanceof Error && /Command timed out/i.test(e.message) ? new Error(`no answer within ${loadTimeoutMs} ms`) : e;
        // Once EXEC is out, Redis runs it whole or not at all, but the answer did not come back.
        const outcome = execSent ? "the load was applied whole or not at all; look a key up to see which" : "nothing of it was written";
        throw new AppError("bad_gateway", `${fail(err).message.replace(/\.$/, "")} (during the load; ${outcome})`);
      } finally {
        // Closing a connection inside MULTI discards what it queued.
        load.disconnect();
      }
      if (!results) throw new AppError("bad_gateway", `Feature table "${table}" (redis ${where}): Redis aborted the load's transaction; nothing of it was written`);
      // EXEC refuses the whole transaction on an out-of-memory Redis; a command failing inside
      // it (SET, DEL, HSET of keys the load replaces cannot) would be the one partial outcome.
      const failed = results.find(([err]) => err);
      if (failed?.[0]) throw new AppError("bad_gateway", `${fail(failed[0]).message} (Redis applied the rest of the load)`);
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
