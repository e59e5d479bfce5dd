import type { Db } from "@/db";
import type { BatchLookupResult } from "@/server/contracts/feature-tables";
import { findFeatureTable } from "./find-feature-table";
import { storeOfRow } from "./open-feature-store";

/**
 * Many rendered keys of one table, each read with the table's operator exactly as trial scoring
 * reads it: how a scoring runtime reads a built-in table (POST /api/v1/features/lookup, token
 * scope features:read). 404 for an unknown table, a store failure as the store reports it.
 */
export async function lookupFeatureKeys(db: Db, opts: { table: string; keys: string[] }): Promise<BatchLookupResult> {
  const row = await findFeatureTable(db, opts.table);
  const store = await storeOfRow(db, row);
  const values = await Promise.all(opts.keys.map((key) => (row.operator === "getKKV" ? store.getKKV(key) : store.getKV(key))));
  return { table: row.name, operator: row.operator, values };
}
