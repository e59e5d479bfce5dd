import type { RowEntry } from "./parse-rows";
import type { PutAllOptions } from "./write-in-batches";

/**
 * One feature table's storage (docs/templates.md). The business sees tables and keys only;
 * what is behind a table (the built-in store, Redis, later others) is this interface.
 *
 * Values are the decoded ones (see value-encoding.ts): a store is created for one table and
 * knows that table's encoding. Failures of the outside world are AppErrors naming the table
 * (bad_gateway, or timeout), mapped inside the store, never in callers.
 */
export interface FeatureStore {
  /** The value under `key`, or null when there is none. */
  getKV(key: string): Promise<unknown>;
  /** The map under `key` with each field decoded, or null when there is none (an empty map is none). */
  getKKV(key: string): Promise<Record<string, unknown> | null>;
  /**
   * getKV of many keys in one round trip (one SQL query, one Redis script with MGET), all from one
   * generation: values in the order of `keys` (a key given twice is answered twice), null where none.
   */
  getKVMany(keys: readonly string[]): Promise<unknown[]>;
  /** getKKV of many keys in one round trip, as getKVMany. */
  getKKVMany(keys: readonly string[]): Promise<(Record<string, unknown> | null)[]>;
  putKV(key: string, value: unknown): Promise<void>;
  /** Replaces the whole map under `key`, so loading the same rows twice gives the same map. */
  putKKV(key: string, map: Record<string, unknown>): Promise<void>;
  /**
   * Merges the entries into the table: a key in them gets its value (or its whole map, which
   * replaces the key's map), a key not in them keeps its own (a table holds several data
   * versions in its keys, and loading one must not take another away). Every entry or, when anything
   * fails or the load is cancelled part way, none: what the table held before stays as it was
   * and no half-loaded file is ever left behind (loading sample rows goes through this).
   */
  putAll(entries: readonly RowEntry[], opts?: PutAllOptions): Promise<void>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}
