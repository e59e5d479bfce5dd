import { Redis, type RedisOptions } from "ioredis";
import type { ValueEncoding } from "@/server/contracts/features";
import { AppError } from "@/server/errors";
import type { FeatureStore } from "./feature-store";
import { decodeValue, encodeValue } from "./value-encoding";

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
    if (!d.ok) throw new AppError("bad_gateway", `Feature table "${table}", key "${key}": stored value is ${d.reason}`);
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
