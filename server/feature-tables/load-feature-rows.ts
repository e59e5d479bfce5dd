import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { LoadRowsSchema, type LoadRowsInput, type LoadRowsResult } from "@/server/contracts/feature-tables";
import type { RowError } from "@/server/contracts/features";
import { AppError, conflict, unprocessable } from "@/server/errors";
import { parseRows, type RowEntry } from "@/server/features/stores/parse-rows";
import { putMaps, putValues } from "./db-store";
import { findFeatureTable } from "./find-feature-table";
import { storeOfRow } from "./open-feature-store";

export interface RunOptions {
  /** Keys written so far of `total`; called with 0 first. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the load; on the built-in store nothing of it stays. */
  signal?: AbortSignal;
}

export interface PreparedLoad {
  table: string;
  total: number;
  run(opts?: RunOptions): Promise<LoadRowsResult>;
}

const BATCH = 500;

/**
 * Loads sample rows (CSV or JSON lines) into a table, in two steps so a caller can report
 * progress: `prepareRowsLoad` reads and checks every line first — a file with bad lines is a
 * 422 listing them by line number and nothing is written — then `run` writes in batches.
 *
 * Built-in tables are written in ONE database transaction: a failure or an abort half way
 * leaves the table as it was. Redis has no such transaction; there a failure half way leaves
 * the batches already written (loading the same file again is idempotent: maps are replaced).
 */
export async function prepareRowsLoad(db: Db, opts: { actor: Actor; table: string; input: LoadRowsInput }): Promise<PreparedLoad> {
  const input = LoadRowsSchema.parse(opts.input);
  const row = await findFeatureTable(db, opts.table);
  const parsed = parseRows({ operator: row.operator, encoding: row.encoding, format: input.format, text: input.text });
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
  const audit = { actor: opts.actor, kind: "feature_table", action: "load_rows", target: row.name, after: { format: input.format, rows, keys: entries.length } };

  return {
    table: row.name,
    total: entries.length,
    async run(runOpts = {}) {
      const t0 = performance.now();
      const result = () => ({ table: row.name, rows, keys: entries.length, ms: Math.round(performance.now() - t0) });
      if (row.storage === "builtin") {
        await db.transaction(async (tx) => {
          const current = await findFeatureTable(tx, row.name, { forUpdate: true });
          if (current.version !== row.version) throw conflict(`Feature table "${row.name}" changed while the file was checked; load it again.`);
          await writeInBatches(entries, runOpts, async (batch) => {
            if (row.operator === "getKV") await putValues(tx, row.id, row.encoding, batch.filter(isValue));
            else await putMaps(tx, row.id, row.encoding, batch.filter(isMap));
          });
          await recordAudit(tx, audit);
        });
        return result();
      }
      const store = await storeOfRow(db, row);
      await writeInBatches(entries, runOpts, (batch) =>
        Promise.all(batch.map((e) => ("map" in e ? store.putKKV(e.key, e.map) : store.putKV(e.key, e.value)))).then(() => undefined),
      );
      await db.transaction((tx) => recordAudit(tx, audit));
      return result();
    },
  };
}

/** Prepare and run in one go, for callers that need no progress. */
export async function loadFeatureRows(db: Db, opts: { actor: Actor; table: string; input: LoadRowsInput } & RunOptions): Promise<LoadRowsResult> {
  return (await prepareRowsLoad(db, opts)).run(opts);
}

async function writeInBatches(entries: RowEntry[], opts: RunOptions, write: (batch: RowEntry[]) => Promise<void>) {
  opts.onProgress?.(0, entries.length);
  for (let start = 0; start < entries.length; start += BATCH) {
    if (opts.signal?.aborted) throw new AppError("bad_request", "The load was cancelled before it finished.");
    const batch = entries.slice(start, start + BATCH);
    await write(batch);
    opts.onProgress?.(start + batch.length, entries.length);
  }
}

/** PostgreSQL text cannot hold U+0000: such a line is refused up front rather than failing the transaction half way. */
function nulCharacterLines(text: string, format: "csv" | "jsonl"): RowError[] {
  const out: RowError[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.includes("\u0000") || (format === "jsonl" && /\\u0000/i.test(line))) out.push({ line: i + 1, message: "Contains a NUL character (\\u0000), which the built-in store cannot hold" });
  });
  return out;
}

const isValue = (e: RowEntry): e is { key: string; value: unknown } => "value" in e;
const isMap = (e: RowEntry): e is { key: string; map: Record<string, unknown> } => "map" in e;
