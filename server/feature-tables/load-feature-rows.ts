import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { LoadRowsSchema, type LoadRowsInput, type LoadRowsResult } from "@/server/contracts/feature-tables";
import type { RowError } from "@/server/contracts/features";
import { conflict, unprocessable } from "@/server/errors";
import { parseRows } from "@/server/feature-tables/stores/parse-rows";
import { findFeatureTable } from "./find-feature-table";
import { storeOfRow } from "./open-feature-store";

export interface RunOptions {
  /** Keys written so far of `total`; called with 0 first. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the load; nothing of it stays, on any storage. */
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
 * A load is all-or-nothing on every storage (the store's putAll): built-in tables in ONE
 * database transaction, together with the audit record; Redis tables in one MULTI/EXEC. A
 * failure or a cancel half way leaves the table exactly as it was.
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
      const putOpts = { ...runOpts, batchSize: BATCH };
      if (row.storage === "builtin") {
        await db.transaction(async (tx) => {
          const current = await findFeatureTable(tx, row.name, { forUpdate: true });
          if (current.version !== row.version) throw conflict(`Feature table "${row.name}" changed while the file was checked; load it again.`);
          await (await storeOfRow(tx, row)).putAll(entries, putOpts);
          await recordAudit(tx, audit);
        });
        return result();
      }
      await (await storeOfRow(db, row)).putAll(entries, putOpts);
      await db.transaction((tx) => recordAudit(tx, audit));
      return result();
    },
  };
}

/** Prepare and run in one go, for callers that need no progress. */
export async function loadFeatureRows(db: Db, opts: { actor: Actor; table: string; input: LoadRowsInput } & RunOptions): Promise<LoadRowsResult> {
  return (await prepareRowsLoad(db, opts)).run(opts);
}

/** PostgreSQL text cannot hold U+0000: such a line is refused up front rather than failing the transaction half way. */
function nulCharacterLines(text: string, format: "csv" | "jsonl"): RowError[] {
  const out: RowError[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.includes("\u0000") || (format === "jsonl" && /\\u0000/i.test(line))) out.push({ line: i + 1, message: "Contains a NUL character (\\u0000), which the built-in store cannot hold" });
  });
  return out;
}
