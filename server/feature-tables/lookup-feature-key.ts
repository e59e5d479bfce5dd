import type { Db } from "@/db";
import type { LookupResult } from "@/server/contracts/feature-tables";
import { findFeatureTable } from "./find-feature-table";
import { storeOfRow } from "./open-feature-store";

/** What a rendered query would return: the table's operator on `key`, exactly as scoring runs it. */
export async function lookupFeatureKey(db: Db, opts: { table: string; key: string }): Promise<LookupResult> {
  const row = await findFeatureTable(db, opts.table);
  const store = await storeOfRow(db, row);
  const t0 = performance.now();
  const value = row.operator === "getKKV" ? await store.getKKV(opts.key) : await store.getKV(opts.key);
  return { table: row.name, operator: row.operator, key: opts.key, found: value !== null, value, ms: Math.round((performance.now() - t0) * 10) / 10 };
}
