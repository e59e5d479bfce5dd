import type { Redis, RedisOptions } from "ioredis";
import { decodeValue, storedValueMessage, type ValueEncoding } from "../../core/features/value-encoding";
import { GENERATION_POINTER, READ_KKV_MANY, READ_KV_MANY, READ_SINGLES } from "../../core/features/redis-layout";
import type { FeatureTableReader } from "../ports";
import { ScoringError } from "../scoring-error";
import type { ConsoleApi } from "./console-api";
import type { ServiceConnection, ServiceConnections } from "./connections";
import { singleReads, type SingleReader, type SingleReadScript } from "./redis-single-reads";
import { TtlCache } from "./ttl-cache";

/** A feature table's definition as the console's registry holds it (GET /api/v1/feature-tables/{table}). */
export interface FeatureTableDefinition {
  name: string;
  operator: "getKV" | "getKKV";
  storage: "builtin" | "redis";
  connection: { name: string } | null;
  keyPrefix: string;
  encoding: ValueEncoding;
}

export interface FeatureTablesOptions {
  api: ConsoleApi;
  /** The service's own connections by name (connectionsFromEnv()): addresses and passwords never come from the console. */
  connections: ServiceConnections;
  /** How long a table definition is reused (default 1000 ms, as the console's trials reuse theirs). */
  definitionTtlMs?: number;
  /** Deadline of one Redis command (default 500 ms). */
  redisCommandTimeoutMs?: number;
}

export interface FeatureTables {
  openTable(table: string): Promise<FeatureTableReader>;
  close(): Promise<void>;
}

/**
 * The runtime's feature stores: a table's definition comes from the console's registry (cached),
 * a Redis table is read directly over the connection this service's configuration names (the
 * console's key layout and value encoding, core/features), a built-in table through the
 * console's batched lookup API. ioredis is an optional peer dependency, loaded at the first Redis table.
 */
export function createFeatureTables(opts: FeatureTablesOptions): FeatureTables {
  const definitions = new TtlCache<FeatureTableDefinition>(opts.definitionTtlMs ?? 1000);
  const clients = new Map<string, Promise<RedisConnection>>();
  const readers = new WeakMap<FeatureTableDefinition, FeatureTableReader>();

  const redisOf = (name: string): Promise<RedisConnection> => {
    let client = clients.get(name);
    if (!client) {
      const connection = opts.connections[name];
      if (!connection) {
        return Promise.reject(new ScoringError("unprocessable", `connection "${name}" is not in this service's configuration (SCORING_CONNECTIONS)`, { connection: name }));
      }
      client = openRedis(connection, opts.redisCommandTimeoutMs ?? 500);
      clients.set(name, client);
    }
    return client;
  };

  return {
    async openTable(table) {
      const def = await definitions.get(table, async () => {
        const found = await opts.api.get<FeatureTableDefinition>(`/api/v1/feature-tables/${encodeURIComponent(table)}`, { missingIsNull: true });
        if (!found) throw new ScoringError("not_found", `Feature table "${table}" does not exist`, { table });
        return found;
      });
      // One reader per definition (a definition is kept for its TTL): not a new set of closures per lookup.
      const made = readers.get(def);
      if (made) return made;
      let reader: FeatureTableReader;
      if (def.storage === "builtin") reader = builtinReader(opts.api, def.name);
      else if (!def.connection) throw new ScoringError("unprocessable", `Feature table "${def.name}" is on Redis without a connection`);
      else reader = redisReader(await redisOf(def.connection.name), def);
      readers.set(def, reader);
      return reader;
    },
    async close() {
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map(async (c) => (await c.catch(() => null))?.client.quit().catch(() => undefined)));
    },
  };
}

/** Keys per POST /api/v1/features/lookup: the console's cap (MAX_LOOKUP_KEYS in its contracts). */
export const LOOKUP_KEYS_PER_REQUEST = 1000;

/**
 * A built-in table, read through POST /api/v1/features/lookup (token scope features:read), which
 * answers with the table's operator: many keys go in requests of up to 1000 keys, sent together,
 * each one SQL query on the console.
 */
function builtinReader(api: ConsoleApi, table: string): FeatureTableReader {
  const lookup = async (keys: string[]) => (await api.post<{ values: unknown[] }>("/api/v1/features/lookup", { table, keys })).values;
  const one = async (key: string) => (await lookup([key]))[0] ?? null;
  const many = async (keys: string[]): Promise<unknown[]> => {
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += LOOKUP_KEYS_PER_REQUEST) batches.push(keys.slice(i, i + LOOKUP_KEYS_PER_REQUEST));
    const answers = await Promise.all(batches.map(lookup));
    return batches.flatMap((batch, b) => batch.map((_key, i) => answers[b]![i] ?? null));
  };
  return { getKV: one, getKKV: one, getKVMany: many, getKKVMany: many };
}

/** The read scripts as commands of the client (openRedis defines them): EVALSHA, the script's text sent only once per connection. */
interface ReadScripts extends SingleReadScript {
  featureReadKVMany(pointer: string, prefix: string, ...keys: string[]): Promise<(string | null)[]>;
  featureReadKKVMany(pointer: string, prefix: string, ...keys: string[]): Promise<string[][]>;
}

/** A connection and its coalesced single reads (one script per turn of the event loop). */
interface RedisConnection {
  client: Redis;
  read: SingleReader;
}

function redisReader(connection: RedisConnection, def: FeatureTableDefinition): FeatureTableReader {
  const redis = connection.client as unknown as ReadScripts;
  const read = connection.read;
  const prefix = def.keyPrefix;
  const decode = (key: string, raw: string): unknown => {
    const d = decodeValue(def.encoding, raw);
    if (!d.ok) throw new ScoringError("bad_gateway", storedValueMessage(def.name, key, def.encoding), { table: def.name, key, encoding: def.encoding });
    return d.value;
  };
  const fail = (keys: readonly string[], e: unknown): never => {
    if (e instanceof ScoringError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    const which = keys.length === 1 ? `key "${keys[0]}"` : `${keys.length} keys`;
    throw new ScoringError(/Command timed out/i.test(reason) ? "timeout" : "bad_gateway", `Feature table "${def.name}" (redis ${def.connection?.name}), ${which}: ${reason}`);
  };
  const mapOf = (key: string, flat: string[]): Record<string, unknown> | null => {
    if (flat.length === 0) return null;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < flat.length; i += 2) out[flat[i]!] = decode(key, flat[i + 1]!);
    return out;
  };
  const pointer = prefix + GENERATION_POINTER;
  return {
    getKV: (key) =>
      read("v", pointer, prefix, key).then(
        (raw) => (raw === null ? null : decode(key, raw as string)),
        (e: unknown) => fail([key], e),
      ),
    getKKV: (key) =>
      read("h", pointer, prefix, key).then(
        (flat) => mapOf(key, flat as string[]),
        (e: unknown) => fail([key], e),
      ),
    // One script for all keys (MGET, or HGETALL per key, inside it): one round trip, one generation.
    getKVMany: async (keys) => {
      if (keys.length === 0) return [];
      try {
        const raws = await redis.featureReadKVMany(pointer, prefix, ...keys);
        return keys.map((key, i) => {
          const raw = raws[i] ?? null;
          return raw === null ? null : decode(key, raw);
        });
      } catch (e) {
        return fail(keys, e);
      }
    },
    getKKVMany: async (keys) => {
      if (keys.length === 0) return [];
      try {
        const flats = await redis.featureReadKKVMany(pointer, prefix, ...keys);
        return keys.map((key, i) => mapOf(key, flats[i] ?? []));
      } catch (e) {
        return fail(keys, e);
      }
    },
  };
}

/**
 * Fails fast like the console's reader: no queueing while Redis is down, a deadline per command,
 * reconnecting in the background. Single reads started together leave as one script
 * (redis-single-reads.ts), so ioredis's auto-pipelining (a pipeline object per turn of the
 * event loop) would only add work and is off.
 */
async function openRedis(c: ServiceConnection, commandTimeoutMs: number): Promise<RedisConnection> {
  const { Redis: RedisClient } = await import("ioredis");
  const options: RedisOptions = {
    ...(c.host !== undefined ? { host: c.host } : {}),
    ...(c.port !== undefined ? { port: c.port } : {}),
    ...(c.db !== undefined ? { db: c.db } : {}),
    ...(c.username !== undefined ? { username: c.username } : {}),
    ...(c.password !== undefined ? { password: c.password } : {}),
    ...(c.tls ? { tls: {} } : {}),
    connectTimeout: 1000,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    enableAutoPipelining: false,
  };
  const redis = c.url ? new RedisClient(c.url, options) : new RedisClient(options);
  // Connection failures arrive as events; a command then fails with its own error.
  redis.on("error", () => undefined);
  // No numberOfKeys: the number of lookups (keys) leads each call's arguments.
  redis.defineCommand("featureReadSingles", { lua: READ_SINGLES });
  redis.defineCommand("featureReadKVMany", { numberOfKeys: 1, lua: READ_KV_MANY });
  redis.defineCommand("featureReadKKVMany", { numberOfKeys: 1, lua: READ_KKV_MANY });
  return { client: redis, read: singleReads(redis as unknown as SingleReadScript) };
}
