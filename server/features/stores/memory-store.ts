import type { ValueEncoding } from "@/server/contracts/features";
import { AppError } from "@/server/errors";
import type { FeatureStore } from "./feature-store";
import { decodeValue, encodeValue } from "./value-encoding";

/**
 * The built-in store, in memory. It keeps the ENCODED text, exactly as Redis does, so a value
 * that does not fit the table's encoding fails here too and what comes back is what Redis
 * would return: a demo on this store behaves like production on Redis.
 */
export function createMemoryStore(opts: { table: string; encoding: ValueEncoding }): FeatureStore {
  const values = new Map<string, string>();
  const maps = new Map<string, Map<string, string>>();
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new AppError("bad_gateway", `Feature table "${opts.table}": the store is closed`);
  };
  const decode = (key: string, raw: string) => {
    const d = decodeValue(opts.encoding, raw);
    if (!d.ok) throw new AppError("bad_gateway", `Feature table "${opts.table}", key "${key}": stored value is ${d.reason}`);
    return d.value;
  };

  return {
    async getKV(key) {
      ensureOpen();
      const raw = values.get(key);
      return raw === undefined ? null : decode(key, raw);
    },
    async getKKV(key) {
      ensureOpen();
      const map = maps.get(key);
      if (!map || map.size === 0) return null;
      const out: Record<string, unknown> = {};
      for (const [field, raw] of map) out[field] = decode(key, raw);
      return out;
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
    async health() {
      return closed ? { ok: false, detail: "closed" } : { ok: true, detail: `built-in, ${values.size + maps.size} keys` };
    },
    async close() {
      closed = true;
    },
  };
}
