import type { FeatureOperator, RowError, RowFormat, ValueEncoding } from "@/server/contracts/features";
import { csvItems } from "./parse-csv";
import { decodeValue, normalizeValue, type Decoded } from "./value-encoding";

/** What one put writes: a value for getKV tables, a whole map for getKKV tables. */
export type RowEntry = { key: string; value: unknown } | { key: string; map: Record<string, unknown> };

export type ParsedRows =
  | { ok: true; entries: RowEntry[]; rows: number }
  | { ok: false; errors: RowError[]; truncated: boolean };

export interface ParseRowsOptions {
  operator: FeatureOperator;
  encoding: ValueEncoding;
  format: RowFormat;
  text: string;
  /** Stop collecting errors after this many (a wrong file would otherwise list every line). */
  maxErrors?: number;
}

interface Row {
  line: number;
  key: string;
  field?: string;
  value: unknown;
}

/**
 * Reads and checks every row of a sample-rows file (CSV with a `key,value` or `key,field,value`
 * header, or JSON lines) before anything is written. Values are decoded per the table's
 * encoding; a key (or key + field) given twice is an error rather than a silent overwrite.
 */
export function parseRows(opts: ParseRowsOptions): ParsedRows {
  const steps = parseSteps(opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same, pausing for `pause()` every few thousand rows: a large file (a million rows takes
 * seconds to read) then never holds the event loop, and every other request, for long.
 */
export async function parseRowsYielding(opts: ParseRowsOptions, pause: () => Promise<void>): Promise<ParsedRows> {
  const steps = parseSteps(opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Rows read between two pauses. */
const STEP = 2000;

function* parseSteps(opts: ParseRowsOptions): Generator<void, ParsedRows, undefined> {
  const maxErrors = opts.maxErrors ?? 100;
  const errors: RowError[] = [];
  let truncated = false;
  const error = (line: number, message: string) => {
    if (errors.length < maxErrors) errors.push({ line, message });
    else truncated = true;
    return !truncated;
  };
  // Rows are grouped into entries as they are read: no list of every row is kept (a large
  // file would hold the memory, and the collector's pauses, twice over).
  const grouper = createGrouper(opts.operator, error);
  const collector: Collector = { error, row: grouper.add };
  if (opts.format === "csv") yield* readCsv(opts, collector);
  else yield* readJsonLines(opts, collector);

  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors, truncated };
  }
  if (grouper.rows() === 0) return { ok: false, errors: [{ line: 1, message: "The file holds no rows" }], truncated: false };
  return { ok: true, entries: grouper.entries, rows: grouper.rows() };
}

interface Collector {
  /** Returns false once an error did not fit under the cap: the reader stops there. */
  error(line: number, message: string): boolean;
  row(row: Row): void;
}

function* readCsv(opts: ParseRowsOptions, out: Collector): Generator<void, void, undefined> {
  const columns = opts.operator === "getKV" ? ["key", "value"] : ["key", "field", "value"];
  let header = true;
  let n = 0;
  for (const item of csvItems(opts.text)) {
    if (++n % STEP === 0) yield;
    if (item.error) {
      if (!out.error(item.error.line, item.error.message)) return;
      continue;
    }
    const r = item.record;
    if (header) {
      header = false;
      if (r.fields.map((f) => f.trim().toLowerCase()).join(",") !== columns.join(",")) {
        out.error(r.line, `The header must be "${columns.join(",")}" for a ${opts.operator} table, found "${r.fields.join(",")}"`);
        return;
      }
      continue;
    }
    if (r.fields.length !== columns.length) {
      const hint = r.fields.length > columns.length ? " (quote a value that contains commas)" : "";
      if (!out.error(r.line, `Expected ${columns.length} columns (${columns.join(",")}), found ${r.fields.length}${hint}`)) return;
      continue;
    }
    const [key = "", a = "", b = ""] = r.fields;
    const field = opts.operator === "getKKV" ? a : undefined;
    const raw = opts.operator === "getKKV" ? b : a;
    if (!addRow(out, r.line, key, field, decodeValue(opts.encoding, raw))) return;
  }
}

function* readJsonLines(opts: ParseRowsOptions, out: Collector): Generator<void, void, undefined> {
  const text = opts.text.replace(/^\uFEFF/, "");
  let line = 0;
  for (let from = 0; from <= text.length; ) {
    const end = text.indexOf("\n", from);
    const stop = end === -1 ? text.length : end;
    const raw = text.slice(from, stop > from && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop);
    from = stop + 1;
    line++;
    if (line % STEP === 0) yield;
    if (raw.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      if (!out.error(line, "Not valid JSON")) return;
      continue;
    }
    if (!isObject(parsed)) {
      if (!out.error(line, "Expected a JSON object")) return;
      continue;
    }
    if (!readJsonRow(opts, line, parsed, out)) return;
  }
}

function readJsonRow(opts: ParseRowsOptions, line: number, row: Record<string, unknown>, out: Collector): boolean {
  const key = keyText(row.key);
  if (key === undefined) return out.error(line, '"key" must be a non-empty string or an integer');
  const allowed = opts.operator === "getKV" ? ["key", "value"] : "fields" in row ? ["key", "fields"] : ["key", "field", "value"];
  const unknown = Object.keys(row).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const shape = opts.operator === "getKV" ? '{"key", "value"}' : '{"key", "field", "value"} or {"key", "fields": {...}}';
    return out.error(line, `Unexpected ${unknown.map((k) => `"${k}"`).join(", ")}: a ${opts.operator} row is ${shape}`);
  }
  if (opts.operator === "getKV") return addRow(out, line, key, undefined, normalizeValue(opts.encoding, row.value));
  if ("fields" in row) {
    if (!isObject(row.fields)) return out.error(line, '"fields" must be an object of field -> value');
    for (const [field, value] of Object.entries(row.fields)) {
      if (!addRow(out, line, key, field, normalizeValue(opts.encoding, value))) return false;
    }
    return true;
  }
  if (typeof row.field !== "string") return out.error(line, '"field" must be a string');
  return addRow(out, line, key, row.field, normalizeValue(opts.encoding, row.value));
}

function addRow(out: Collector, line: number, key: string, field: string | undefined, value: Decoded): boolean {
  if (key === "") return out.error(line, "The key is empty");
  if (field === "") return out.error(line, "The field is empty");
  // Where in the line, then what is wrong: `Column value: "abc" is not a number`, or for a
  // getKKV row the field the value belongs to, as that is what the person named.
  if (!value.ok) return out.error(line, `${field === undefined ? "Column value" : `Field ${field}`}: ${value.reason}`);
  out.row({ line, key, value: value.value, ...(field === undefined ? {} : { field }) });
  return true;
}

/** Entries in the order keys first appear; a key (or key + field) given twice is an error naming the first line. */
function createGrouper(operator: FeatureOperator, error: (line: number, message: string) => boolean) {
  const firstLine = new Map<string, number>();
  const entries: RowEntry[] = [];
  const maps = new Map<string, Record<string, unknown>>();
  let rows = 0;
  return {
    entries,
    rows: () => rows,
    add(r: Row) {
      const id = operator === "getKV" ? r.key : JSON.stringify([r.key, r.field]);
      const seen = firstLine.get(id);
      if (seen !== undefined) {
        const what = operator === "getKV" ? `key "${r.key}"` : `field "${r.field}" of key "${r.key}"`;
        error(r.line, `The ${what} was already given on line ${seen}`);
        return;
      }
      firstLine.set(id, r.line);
      rows++;
      if (operator === "getKV") {
        entries.push({ key: r.key, value: r.value });
        return;
      }
      let map = maps.get(r.key);
      if (!map) {
        map = {};
        maps.set(r.key, map);
        entries.push({ key: r.key, map });
      }
      map[r.field ?? ""] = r.value;
    },
  };
}

function keyText(key: unknown): string | undefined {
  if (typeof key === "string") return key;
  if (typeof key === "number" && Number.isSafeInteger(key)) return String(key);
  return undefined;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
