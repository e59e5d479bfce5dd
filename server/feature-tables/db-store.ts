import { and, count, countDistinct, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { featureRows, featureTables } from "@/db/schema";
import type { ValueEncoding } from "@/server/contracts/features";
import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";
import { decodeValue, encodeValue, storedValueError } from "@/server/feature-tables/stores/value-encoding";
import { cancelledLoad, writeInBatches, yieldToOthers } from "@/server/feature-tables/stores/write-in-batches";
import { copyForward, deleteGeneration, deleteOtherGenerations, insertGenerationRows } from "./builtin-generations";
import { claimLoad } from "./load-lease";
import { logError } from "@/server/log/loggable-error";

/**
 * The BUILT-IN store: a table's rows in the console's own database (`feature_rows`), so demo
 * data survives restarts and every console process on the same database sees the same rows.
 * Like the Redis store it keeps the ENCODED text, so a value comes back exactly as
 * Redis would return it.
 *
 * Reads see the table's current generation only. putAll (a load) MERGES the file into the
 * table: it stages the file's rows as a new generation in short batches, each its own
 * statement, copies over the current rows of keys the file does not hold (in batches too), then
 * switches the table over in one short transaction and deletes the old generation afterwards:
 * no transaction is open while a large file is written, so other requests (on PGlite, every
 * other query) get in between batches.
 */
export function createDbStore(db: Db | Tx, opts: { tableId: string; table: string; encoding: ValueEncoding }): FeatureStore {
  const { tableId, table, encoding } = opts;
  const decode = (key: string, raw: string) => {
    const d = decodeValue(encoding, raw);
    if (!d.ok) throw storedValueError(table, key, encoding);
    return d.value;
  };
  const ofKey = (key: string) => and(eq(featureRows.tableId, tableId), currentGeneration(tableId), eq(featureRows.key, key));
  // One array parameter whatever the number of keys (PostgreSQL takes at most 65,535 parameters).
  const ofKeys = (keys: readonly string[]) =>
    and(eq(featureRows.tableId, tableId), currentGeneration(tableId), sql`${featureRows.key} = any(${sql.param([...new Set(keys)])}::text[])`);

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
    // One statement for all keys, so all of them are read from the same generation.
    async getKVMany(keys) {
      if (keys.length === 0) return [];
      const rows = await db.select({ key: featureRows.key, value: featureRows.value }).from(featureRows).where(and(ofKeys(keys), isNull(featureRows.field)));
      const found = new Map(rows.map((r) => [r.key, r.value]));
      return keys.map((key) => {
        const raw = found.get(key);
        return raw === undefined ? null : decode(key, raw);
      });
    },
    async getKKVMany(keys) {
      if (keys.length === 0) return [];
      const rows = await db
        .select({ key: featureRows.key, field: featureRows.field, value: featureRows.value })
        .from(featureRows)
        .where(and(ofKeys(keys), isNotNull(featureRows.field)))
        .orderBy(featureRows.key, featureRows.field);
      const found = new Map<string, { field: string; value: string }[]>();
      for (const r of rows) {
        let fields = found.get(r.key);
        if (!fields) found.set(r.key, (fields = []));
        fields.push({ field: r.field ?? "", value: r.value });
      }
      return keys.map((key) => {
        const fields = found.get(key);
        return fields ? Object.fromEntries(fields.map((f) => [f.field, decode(key, f.value)])) : null;
      });
    },
    async putKV(key, value) {
      await putValues(db, tableId, encoding, [{ key, value }]);
    },
    async putKKV(key, map) {
      await putMaps(db, tableId, encoding, [{ key, map }]);
    },
    async putAll(entries, putOpts = {}) {
      if (isTransaction(db)) throw new Error("A built-in load runs in short statements of its own, not inside a transaction");
      const lease = putOpts.lease ?? (await claimLoad(db, { tableId, table }));
      const { generation } = lease;
      try {
        // Whatever a crashed or cancelled load left behind, before this one stages anything.
        await deleteOtherGenerations(db, tableId, lease.current, yieldToOthers);
        await writeInBatches(entries, putOpts, async (batch) => {
          await lease.renew();
          // Encoded batch by batch: a value that does not fit fails the load, and the staged rows go.
          const rows = batch.flatMap((e): StagedRow[] =>
            "map" in e
              ? Object.entries(e.map).map(([field, v]) => ({ key: e.key, field, value: encodeValue(encoding, v) }))
              : [{ key: e.key, field: null, value: encodeValue(encoding, e.value) }],
          );
          await insertGenerationRows(db, tableId, generation, rows);
        });
        // A load merges: the current rows of keys the file does not hold are carried over.
        await copyForward(db, tableId, lease.current, generation, async () => {
          if (putOpts.signal?.aborted) throw cancelledLoad();
          await lease.renew();
          await yieldToOthers();
        });
        if (putOpts.signal?.aborted) throw cancelledLoad();
        const apply = (tx: Db | Tx | undefined) => lease.finish(tx ?? db, { switchTo: true });
        await (putOpts.commit ? putOpts.commit(apply) : db.transaction((tx) => apply(tx)));
      } catch (e) {
        await discard(db, lease);
        throw e;
      }
      // The old generation is no longer read; a crash here leaves it to the next load.
      await deleteOtherGenerations(db, tableId, generation, yieldToOthers).catch((e: unknown) => logError(`[feature-tables] "${table}": deleting the previous rows failed (the next load retries)`, e));
    },
    async health() {
      const [row] = await db
        .select({ keys: countDistinct(featureRows.key), rows: count() })
        .from(featureRows)
        .where(and(eq(featureRows.tableId, tableId), currentGeneration(tableId)));
      return { ok: true, detail: `built-in (console database), ${row?.keys ?? 0} keys` };
    },
    async close() {},
  };
}

type StagedRow = { key: string; field: string | null; value: string };

async function discard(db: Db, lease: { tableId: string; generation: number; release(): Promise<void> }) {
  try {
    await deleteGeneration(db, lease.tableId, lease.generation, yieldToOthers);
    await lease.release();
  } catch (e) {
    // Left to the next load, which deletes every generation but the current one first.
    logError("[feature-tables] discarding a failed load's rows failed", e);
  }
}

/** Rows of the generation the table's registry row names: the only ones reads see. */
export function currentGeneration(tableId: string) {
  return sql`${featureRows.generation} = (select ${featureTables.generation} from ${featureTables} where ${featureTables.id} = ${tableId})`;
}

const generationNow = (tableId: string) => sql`(select ${featureTables.generation} from ${featureTables} where ${featureTables.id} = ${tableId})`;

/** Upserts getKV values of the current generation in one statement; encodes every value first, so a bad one writes nothing. */
export async function putValues(db: Db | Tx, tableId: string, encoding: ValueEncoding, entries: { key: string; value: unknown }[]) {
  const rows = entries.map((e) => ({ tableId, generation: generationNow(tableId), key: e.key, field: null, value: encodeValue(encoding, e.value) }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insert(featureRows)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoUpdate({ target: [featureRows.tableId, featureRows.generation, featureRows.key, featureRows.field], set: { value: sqlExcludedValue } });
  }
}

/** Replaces whole getKKV maps of the current generation: the keys' old fields go, the new ones come, in the caller's transaction if any. */
export async function putMaps(db: Db | Tx, tableId: string, encoding: ValueEncoding, entries: { key: string; map: Record<string, unknown> }[]) {
  if (entries.length === 0) return;
  const rows = entries.flatMap((e) => Object.entries(e.map).map(([field, v]) => ({ tableId, generation: generationNow(tableId), key: e.key, field, value: encodeValue(encoding, v) })));
  const run = async (tx: Db | Tx) => {
    await tx.delete(featureRows).where(and(eq(featureRows.tableId, tableId), currentGeneration(tableId), inKeys(entries.map((e) => e.key)), isNotNull(featureRows.field)));
    // PostgreSQL takes at most 65,535 parameters per statement: 5 per row.
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

