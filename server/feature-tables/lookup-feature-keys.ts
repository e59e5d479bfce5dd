import type { Db } from "@/db";
import type { BatchLookupResult } from "@/server/contracts/feature-tables";
import { findFeatureTable } from "./find-feature-table";
import { storeOfRow } from "./open-feature-store";

/**
 * Many rendered keys of one table, each read with the table's operator exactly as trial scoring
 * reads it, all in one store round trip (one SQL query for a built-in table): how a scoring
 * runtime reads a built-in table (POST /api/v1/features/lookup, token scope features:read).
 * 404 for an unknown table, a store failure as the store reports it.
 */
export async function lookupFeatureKeys(db: Db, opts: { table: string; keys: string[] }): Promise<BatchLookupResult> {
  const row = await findFeatureTable(db, opts.table);
  const store = await storeOfRow(db, row);
  const values = row.operator === "getKKV" ? await store.getKKVMany(opts.keys) : await store.getKVMany(opts.keys);
  return { table: row.name, operator: row.operator, values };
}
