import type { ValueEncoding } from "@/server/contracts/features";
import { AppError } from "@/server/errors";
import type { FeatureStore } from "./feature-store";
import { decodeValue, encodeValue, storedValueError } from "./value-encoding";
import { writeInBatches } from "./write-in-batches";

/**
 * A store in memory, for unit tests that need a feature table without a database or Redis
 * (the console's built-in store is the database one, server/feature-tables/db-store.ts). It
 * keeps the ENCODED text, exactly as Redis does, so a value that does not fit the table's
 * encoding fails here too and what comes back is what Redis would return; it passes the same
 * contract tests as the real stores (feature-store.db.test.ts).
 */
export function createMemoryStore(opts: { table: string; encoding: ValueEncoding }): FeatureStore {
  let values = new Map<string, string>();
  let maps = new Map<string, Map<string, string>>();
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new AppError("bad_gateway", `Feature table "${opts.table}": the store is closed`);
  };
  const decode = (key: string, raw: string) => {
    const d = decodeValue(opts.encoding, raw);
    if (!d.ok) throw storedValueError(opts.table, key, opts.encoding);
    return d.value;
  };

  const valueOf = (key: string) => {
    const raw = values.get(key);
    return raw === undefined ? null : decode(key, raw);
  };
  const mapOf = (key: string) => {
    const map = maps.get(key);
    if (!map || map.size === 0) return null;
    const out: Record<string, unknown> = {};
    for (const [field, raw] of map) out[field] = decode(key, raw);
    return out;
  };

  return {
    async getKV(key) {
      ensureOpen();
      return valueOf(key);
    },
    async getKKV(key) {
      ensureOpen();
      return mapOf(key);
    },
    async getKVMany(keys) {
      ensureOpen();
      return keys.map(valueOf);
    },
    async getKKVMany(keys) {
      ensureOpen();
      return keys.map(mapOf);
    },
    async putKV(key, value) {
      ensureOpen();
      values.set(key, encodeValue(opts.encoding, value));
    },
    async putKKV(key, map) {
      ensureOpen();
      // Encode every field before storing any, so a bad field leaves the old map in place.
      const encoded = new Map(Object.entries(map).map(([field, v]) => [field, encodeValue(opts.encoding, v)] as const));
      maps.set(key, encoded);
    },
    async putAll(entries, putOpts = {}) {
      ensureOpen();
      // A load merges, as on the real stores: written into copies (keys not in the file keep
      // their values, a map in the file replaces the key's map whole), swapped in at the end.
      const nextValues = new Map(values);
      const nextMaps = new Map(maps);
      await writeInBatches(entries, putOpts, async (batch) => {
        for (const e of batch) {
          if ("map" in e) nextMaps.set(e.key, new Map(Object.entries(e.map).map(([field, v]) => [field, encodeValue(opts.encoding, v)] as const)));
          else nextValues.set(e.key, encodeValue(opts.encoding, e.value));
        }
      });
      const swap = async () => {
        values = nextValues;
        maps = nextMaps;
      };
      await (putOpts.commit ? putOpts.commit(swap) : swap());
    },
    async health() {
      return closed ? { ok: false, detail: "closed" } : { ok: true, detail: `in memory, ${values.size + maps.size} keys` };
    },
    async close() {
      closed = true;
    },
  };
}
