import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";

/**
 * The generations of a built-in table's rows (db/schema/feature-rows.ts): a load stages a new
 * one in batches, one multi-row INSERT per batch, and old or abandoned ones are deleted in
 * batches too, so no statement holds the database for long.
 */

/** Rows of one batch: `field` null for a getKV value. Keys, fields and values travel as three text arrays. */
export async function insertGenerationRows(db: Db | Tx, tableId: string, generation: number, rows: { key: string; field: string | null; value: string }[]) {
  if (rows.length === 0) return;
  const keys = rows.map((r) => r.key);
  const fields = rows.map((r) => r.field);
  const values = rows.map((r) => r.value);
  await db.execute(sql`
    insert into feature_rows (table_id, generation, key, field, value)
    select ${tableId}::uuid, ${generation}::int, k, f, v
    from unnest(${sql.param(keys)}::text[], ${sql.param(fields)}::text[], ${sql.param(values)}::text[]) as u(k, f, v)`);
}

const DELETE_BATCH = 10_000;

/**
 * Deletes every row of the table outside generation `keep` (an old generation after a switch,
 * a failed load's staging, a crashed load's leftovers), `DELETE_BATCH` rows a statement.
 */
export async function deleteOtherGenerations(db: Db, tableId: string, keep: number, between?: () => Promise<void>): Promise<number> {
  return deleteWhere(db, sql`table_id = ${tableId}::uuid and (generation < ${keep}::int or generation > ${keep}::int)`, between);
}

export async function deleteGeneration(db: Db, tableId: string, generation: number, between?: () => Promise<void>): Promise<number> {
  return deleteWhere(db, sql`table_id = ${tableId}::uuid and generation = ${generation}::int`, between);
}

async function deleteWhere(db: Db, where: ReturnType<typeof sql>, between?: () => Promise<void>): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.execute(sql`
      with gone as (delete from feature_rows where id in (select id from feature_rows where ${where} limit ${DELETE_BATCH}) returning 1)
      select count(*)::int as n from gone`);
    const n = Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
    total += n;
    if (n < DELETE_BATCH) return total;
    await between?.();
  }
}
