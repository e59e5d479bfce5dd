import { and, count, countDistinct, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { featureRows } from "@/db/schema";
import type { ValueEncoding } from "@/server/contracts/features";
import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";
import type { RowEntry } from "@/server/feature-tables/stores/parse-rows";
import { decodeValue, encodeValue, storedValueError } from "@/server/feature-tables/stores/value-encoding";
import { writeInBatches } from "@/server/feature-tables/stores/write-in-batches";

/**
 * The BUILT-IN store: a table's rows in the console's own database (`feature_rows`), so demo
 * data survives restarts and every console process on the same database sees the same rows.
 * Like the Redis store it keeps the ENCODED text, so a value comes back exactly as
 * Redis would return it. Given a transaction, every write lands or none does.
 */
export function createDbStore(db: Db | Tx, opts: { tableId: string; table: string; encoding: ValueEncoding }): FeatureStore {
  const { tableId, table, encoding } = opts;
  const decode = (key: string, raw: string) => {
    const d = decodeValue(encoding, raw);
    if (!d.ok) throw storedValueError(table, key, encoding);
    return d.value;
  };
  const ofKey = (key: string) => and(eq(featureRows.tableId, tableId), eq(featureRows.key, key));

  return {
    async getKV(key) {
      const [row] = await db.select({ value: featureRows.value }).from(featureRows).where(and(ofKey(key), isNull(featureRows.field))).limit(1);
      return row ? decode(key, row.value) : null;
    },
    async getKKV(key) {
      const rows = await db
        .select({ field: featureRows.field, value: featureRows.value })
        .from(featureRows)
        .where(and(ofKey(key), isNotNull(featureRows.field)))
        .orderBy(featureRows.field);
      if (rows.length === 0) return null;
      return Object.fromEntries(rows.map((r) => [r.field ?? "", decode(key, r.value)]));
    },
    async putKV(key, value) {
      await putValues(db, tableId, encoding, [{ key, value }]);
    },
    async putKKV(key, map) {
      await putMaps(db, tableId, encoding, [{ key, map }]);
    },
    async putAll(entries, putOpts = {}) {
      const run = (tx: Db | Tx) =>
        writeInBatches(entries, putOpts, async (batch) => {
          await putValues(tx, tableId, encoding, batch.filter(isValue));
          await putMaps(tx, tableId, encoding, batch.filter(isMap));
        });
      // One transaction for the whole load (the caller's when it has one, so a check or an
      // audit record of its own commits or rolls back with the rows).
      if (isTransaction(db)) await run(db);
      else await (db as Db).transaction(run);
    },
    async health() {
      const [row] = await db.select({ keys: countDistinct(featureRows.key), rows: count() }).from(featureRows).where(eq(featureRows.tableId, tableId));
      return { ok: true, detail: `built-in (console database), ${row?.keys ?? 0} keys` };
    },
    async close() {},
  };
}

/** Upserts getKV values in one statement; encodes every value first, so a bad one writes nothing. */
export async function putValues(db: Db | Tx, tableId: string, encoding: ValueEncoding, entries: { key: string; value: unknown }[]) {
  const rows = entries.map((e) => ({ tableId, key: e.key, field: null, value: encodeValue(encoding, e.value) }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insert(featureRows)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoUpdate({ target: [featureRows.tableId, featureRows.key, featureRows.field], set: { value: sqlExcludedValue } });
  }
}

/** Replaces whole getKKV maps: the keys' old fields go, the new ones come, in the caller's transaction if any. */
export async function putMaps(db: Db | Tx, tableId: string, encoding: ValueEncoding, entries: { key: string; map: Record<string, unknown> }[]) {
  if (entries.length === 0) return;
  const rows = entries.flatMap((e) => Object.entries(e.map).map(([field, v]) => ({ tableId, key: e.key, field, value: encodeValue(encoding, v) })));
  const run = async (tx: Db | Tx) => {
    await tx.delete(featureRows).where(and(eq(featureRows.tableId, tableId), inKeys(entries.map((e) => e.key)), isNotNull(featureRows.field)));
    // PostgreSQL takes at most 65,535 parameters per statement: 4 per row.
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insert(featureRows).values(rows.slice(i, i + INSERT_CHUNK));
  };
  // A delete and an insert are one change: inside a transaction unless the caller already is.
  if (isTransaction(db)) await run(db);
  else await (db as Db).transaction(run);
}

const INSERT_CHUNK = 5000;
const sqlExcludedValue = sql`excluded.value`;

function inKeys(keys: string[]) {
  return inArray(featureRows.key, keys);
}

function isTransaction(db: Db | Tx): db is Tx {
  return "rollback" in db;
}

const isValue = (e: RowEntry): e is { key: string; value: unknown } => "value" in e;
const isMap = (e: RowEntry): e is { key: string; map: Record<string, unknown> } => "map" in e;
