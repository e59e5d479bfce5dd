import type { FeatureOperator, RowError, RowFormat, ValueEncoding } from "@/server/contracts/features";
import { parseCsv } from "./parse-csv";
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
  const maxErrors = opts.maxErrors ?? 100;
  const errors: RowError[] = [];
  const rows: Row[] = [];
  let truncated = false;
  const collector: Collector = {
    error(line, message) {
      if (errors.length < maxErrors) errors.push({ line, message });
      else truncated = true;
      return !truncated;
    },
    row(row) {
      rows.push(row);
    },
  };
  if (opts.format === "csv") readCsv(opts, collector);
  else readJsonLines(opts, collector);

  const entries = groupRows(opts.operator, rows, collector);
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors, truncated };
  }
  if (rows.length === 0) return { ok: false, errors: [{ line: 1, message: "The file holds no rows" }], truncated: false };
  return { ok: true, entries, rows: rows.length };
}

interface Collector {
  /** Returns false once an error did not fit under the cap: the reader stops there. */
  error(line: number, message: string): boolean;
  row(row: Row): void;
}

function readCsv(opts: ParseRowsOptions, out: Collector): void {
  const { records, errors } = parseCsv(opts.text);
  for (const e of errors) if (!out.error(e.line, e.message)) return;
  const columns = opts.operator === "getKV" ? ["key", "value"] : ["key", "field", "value"];
  const [header, ...data] = records;
  if (!header) return;
  if (header.fields.map((f) => f.trim().toLowerCase()).join(",") !== columns.join(",")) {
    out.error(header.line, `The header must be "${columns.join(",")}" for a ${opts.operator} table, found "${header.fields.join(",")}"`);
    return;
  }
  for (const r of data) {
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

function readJsonLines(opts: ParseRowsOptions, out: Collector): void {
  const lines = opts.text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [index, text] of lines.entries()) {
    const line = index + 1;
    if (text.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
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
  if (!value.ok) return out.error(line, `The value is ${value.reason}`);
  out.row({ line, key, value: value.value, ...(field === undefined ? {} : { field }) });
  return true;
}

function groupRows(operator: FeatureOperator, rows: Row[], out: Collector): RowEntry[] {
  const firstLine = new Map<string, number>();
  const values = new Map<string, unknown>();
  const maps = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const id = operator === "getKV" ? r.key : JSON.stringify([r.key, r.field]);
    const seen = firstLine.get(id);
    if (seen !== undefined) {
      const what = operator === "getKV" ? `key "${r.key}"` : `field "${r.field}" of key "${r.key}"`;
      out.error(r.line, `The ${what} was already given on line ${seen}`);
      continue;
    }
    firstLine.set(id, r.line);
    if (operator === "getKV") {
      values.set(r.key, r.value);
    } else {
      const map = maps.get(r.key) ?? {};
      map[r.field ?? ""] = r.value;
      maps.set(r.key, map);
    }
  }
  if (operator === "getKV") return [...values].map(([key, value]) => ({ key, value }));
  return [...maps].map(([key, map]) => ({ key, map }));
}

function keyText(key: unknown): string | undefined {
  if (typeof key === "string") return key;
  if (typeof key === "number" && Number.isSafeInteger(key)) return String(key);
  return undefined;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
