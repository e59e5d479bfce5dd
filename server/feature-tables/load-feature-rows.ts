import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { LoadRowsSchema, type LoadRowsInput, type LoadRowsResult } from "@/server/contracts/feature-tables";
import type { RowError } from "@/server/contracts/features";
import { conflict, unprocessable } from "@/server/errors";
import { parseRowsYielding } from "@/server/feature-tables/stores/parse-rows";
import { yieldToOthers } from "@/server/feature-tables/stores/write-in-batches";
import { env } from "@/server/env";
import { findFeatureTable } from "./find-feature-table";
import { claimLoad } from "./load-lease";
import { isPglite } from "./is-pglite";
import { storeOfRow } from "./open-feature-store";

export interface RunOptions {
  /** Keys written so far of `total`; called with 0 first. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the load; nothing of it stays, on any storage. */
  signal?: AbortSignal;
  /** Awaited after each batch (tests hold a load half way here). */
  afterBatch?: (done: number, total: number) => Promise<void> | void;
}

export interface LoadOptions {
  actor: Actor;
  table: string;
  input: LoadRowsInput;
  /** Most rows a load may hold; default FEATURE_LOAD_MAX_ROWS. */
  maxRows?: number;
}

export interface PreparedLoad {
  table: string;
  total: number;
  run(opts?: RunOptions): Promise<LoadRowsResult>;
}

/**
 * Keys per batch: each batch is one multi-row statement on PostgreSQL, a pipeline on Redis.
 * PGlite runs one query at a time for the whole process, so its batches stay small enough for
 * other requests to get in between.
 */
const BATCH = { postgres: 5000, pglite: 1000, redis: 2000 } as const;

/**
 * Loads sample rows (CSV or JSON lines) into a table, in two steps so a caller can report
 * progress: `prepareRowsLoad` reads and checks every line first — a file with bad lines, or more
 * rows than FEATURE_LOAD_MAX_ROWS, is a 422 and nothing is written — then `run` writes.
 *
 * A load MERGES the file into the table (keys not in it keep their values), all-or-nothing,
 * without a long transaction: the store stages the rows as a new generation in short batches
 * that yield to other requests, carries over the current rows of keys the file does not hold,
 * then switches over in one short transaction (with the audit record, and the checks that the
 * table did not change and that no other load took over), and deletes the old generation
 * afterwards. One load at a time per table (load-lease.ts). A failure or a cancel half way
 * leaves the table exactly as it was; a crashed load's leftovers go at the next load.
 */
export async function prepareRowsLoad(db: Db, opts: LoadOptions): Promise<PreparedLoad> {
  const input = LoadRowsSchema.parse(opts.input);
  const row = await findFeatureTable(db, opts.table);
  // Read with pauses: a million-row file takes seconds to check, and other requests go on meanwhile.
  const parsed = await parseRowsYielding({ operator: row.operator, encoding: row.encoding, format: input.format, text: input.text }, yieldToOthers);
  const errors: RowError[] = parsed.ok ? [] : [...parsed.errors];
  if (row.storage === "builtin") errors.push(...nulCharacterLines(input.text, input.format));
  if (!parsed.ok || errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    const truncated = !parsed.ok && parsed.truncated;
    throw unprocessable(`${errors.length}${truncated ? "+" : ""} bad line(s); nothing was loaded. Line ${errors[0]?.line}: ${errors[0]?.message}`, {
      errors,
      truncated,
    });
  }
  const { entries, rows } = parsed;
  const maxRows = opts.maxRows ?? env().FEATURE_LOAD_MAX_ROWS;
  if (rows > maxRows) {
    throw unprocessable(`The file has ${rows} rows; a load takes at most ${maxRows} (FEATURE_LOAD_MAX_ROWS). Nothing was loaded.`, { rows, maxRows, cap: "FEATURE_LOAD_MAX_ROWS" });
  }
  const audit = { actor: opts.actor, kind: "feature_table", action: "load_rows", target: row.name, after: { format: input.format, rows, keys: entries.length } };

  return {
    table: row.name,
    total: entries.length,
    async run(runOpts = {}) {
      const t0 = performance.now();
      const lease = await claimLoad(db, { tableId: row.id, table: row.name, version: row.version });
      const batchSize = row.storage === "redis" ? BATCH.redis : isPglite(db) ? BATCH.pglite : BATCH.postgres;
      try {
        await (await storeOfRow(db, row)).putAll(entries, {
          ...runOpts,
          batchSize,
          lease,
          // The one short step: the table unchanged since the file was checked, the lease still
          // ours, the switch (built-in: the generation pointer; Redis: its pointer key) and the audit record.
          commit: (apply) =>
            db.transaction(async (tx) => {
              const current = await findFeatureTable(tx, row.name, { forUpdate: true });
              if (current.version !== row.version) throw conflict(`Feature table "${row.name}" changed while the file was checked; load it again.`);
              if (row.storage === "builtin") {
                await apply(tx);
                await recordAudit(tx, audit);
              } else {
                // Redis cannot roll back: its pointer is set last, once everything else here succeeded.
                await lease.finish(tx);
                await recordAudit(tx, audit);
                await apply(tx);
              }
            }),
        });
      } catch (e) {
        await lease.release().catch(() => undefined);
        throw e;
      }
      return { table: row.name, rows, keys: entries.length, ms: Math.round(performance.now() - t0) };
    },
  };
}

/** Prepare and run in one go, for callers that need no progress. */
export async function loadFeatureRows(db: Db, opts: LoadOptions & RunOptions): Promise<LoadRowsResult> {
  return (await prepareRowsLoad(db, opts)).run(opts);
}

/** PostgreSQL text cannot hold U+0000: such a line is refused up front rather than failing the transaction half way. */
function nulCharacterLines(text: string, format: "csv" | "jsonl"): RowError[] {
  const out: RowError[] = [];
  // Nearly every file has none: one scan of the text instead of one per line.
  if (!text.includes("\u0000") && !(format === "jsonl" && /\\u0000/i.test(text))) return out;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.includes("\u0000") || (format === "jsonl" && /\\u0000/i.test(line))) out.push({ line: i + 1, message: "Contains a NUL character (\\u0000), which the built-in store cannot hold" });
  });
  return out;
}
