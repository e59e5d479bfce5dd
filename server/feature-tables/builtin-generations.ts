import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { isPglite } from "./is-pglite";

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
  const insert = sql`
    insert into feature_rows (table_id, generation, key, field, value)
    select ${tableId}::uuid, ${generation}::int, k, f, v
    from unnest(${sql.param(keys)}::text[], ${sql.param(fields)}::text[], ${sql.param(values)}::text[]) as u(k, f, v)`;
  // Staged rows need no flush to disk per batch: a crash loses the load either way (its
  // leftovers are deleted by the next one), and the switch commits durably as usual.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.execute(insert);
  });
}

/** Rows deleted per statement: PGlite runs each statement in the console's own event loop, so its are smaller. */
const deleteBatch = (db: Db) => (isPglite(db) ? 2000 : 10_000);

/**
 * Deletes every row of the table outside generation `keep` (an old generation after a switch,
 * a failed load's staging, a crashed load's leftovers), about `deleteBatch` rows a statement.
 */
export async function deleteOtherGenerations(db: Db, tableId: string, keep: number, between?: () => Promise<void>): Promise<number> {
  let total = 0;
  for (;;) {
    // The unique index (table, generation, key, field) finds another generation at once.
    const other = await firstRow<{ generation: number }>(
      db,
      sql`(select generation from feature_rows where table_id = ${tableId}::uuid and generation < ${keep}::int order by generation desc limit 1)
          union all
          (select generation from feature_rows where table_id = ${tableId}::uuid and generation > ${keep}::int order by generation limit 1)
          limit 1`,
    );
    if (!other) return total;
    total += await deleteGeneration(db, tableId, Number(other.generation), between);
  }
}

/**
 * Deletes one generation in ranges of keys along the unique index: each statement finds its
 * upper key with a short index scan and deletes up to it, so no statement scans the table.
 */
export async function deleteGeneration(db: Db, tableId: string, generation: number, between?: () => Promise<void>): Promise<number> {
  const ofGeneration = sql`table_id = ${tableId}::uuid and generation = ${generation}::int`;
  let total = 0;
  // Each range starts after the previous one: the index entries of rows already deleted stay
  // until vacuum, and a scan from the start would wade through them again every time.
  let after: string | undefined;
  const batch = deleteBatch(db);
  for (;;) {
    const from = after === undefined ? ofGeneration : sql`${ofGeneration} and key > ${after}`;
    const bound = await firstRow<{ key: string }>(db, sql`select key from feature_rows where ${from} order by key offset ${batch - 1} limit 1`);
    const n = await countDeleted(db, bound ? sql`${from} and key <= ${bound.key}` : from);
    total += n;
    if (!bound) return total;
    after = bound.key;
    await between?.();
  }
}

/**
 * A load MERGES: copies into generation `to` the rows of generation `from` whose key the staged
 * file does not hold, so keys outside the file (another data version's `<uid>|<version>` rows,
 * which live scoring still reads) stay. A getKV value is kept unless the file has a value for
 * its key; a getKKV map is kept whole unless the file has a map for its key, which then
 * replaces it whole (as a load always did). In ranges of keys along the unique index, like the
 * deletes, `between` running after each; the load lease keeps other loads off `from` meanwhile.
 */
export async function copyForward(db: Db, tableId: string, from: number, to: number, between?: () => Promise<void>): Promise<number> {
  const ofFrom = sql`o.table_id = ${tableId}::uuid and o.generation = ${from}::int`;
  let total = 0;
  let after: string | undefined;
  const batch = deleteBatch(db);
  for (;;) {
    const range = after === undefined ? ofFrom : sql`${ofFrom} and o.key > ${after}`;
    const bound = await firstRow<{ key: string }>(db, sql`select o.key from feature_rows o where ${range} order by o.key offset ${batch - 1} limit 1`);
    const where = bound ? sql`${range} and o.key <= ${bound.key}` : range;
    // A subquery per row, not NOT EXISTS: with the statistics of a freshly staged generation the
    // planner turned the anti-join into a scan of the whole generation per row (2,500 rows: 2.5 s),
    // while this one always probes the unique index by key.
    // Like staging, committed without waiting for a disk flush: the switch commits durably.
    const row = await db.transaction(async (tx) => {
      await tx.execute(sql`set local synchronous_commit = off`);
      return firstRow<{ n: number }>(
        tx,
        sql`with copied as (
            insert into feature_rows (table_id, generation, key, field, value)
            select o.table_id, ${to}::int, o.key, o.field, o.value from feature_rows o
            where ${where} and (
              select 1 from feature_rows n
              where n.table_id = ${tableId}::uuid and n.generation = ${to}::int and n.key = o.key and (n.field is null) = (o.field is null)
              limit 1) is null
            returning 1)
          select count(*)::int as n from copied`,
      );
    });
    total += Number(row?.n ?? 0);
    if (!bound) return total;
    after = bound.key;
    await between?.();
  }
}

async function countDeleted(db: Db, where: SQL): Promise<number> {
  const row = await firstRow<{ n: number }>(db, sql`with gone as (delete from feature_rows where ${where} returning 1) select count(*)::int as n from gone`);
  return Number(row?.n ?? 0);
}

async function firstRow<T>(db: Db | Tx, query: SQL): Promise<T | undefined> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows[0];
}
