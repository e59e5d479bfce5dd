import type { RowError } from "@/server/contracts/features";

export interface CsvRecord {
  /** The line the record starts on (a quoted field may span lines). */
  line: number;
  fields: string[];
}

export type CsvItem = { record: CsvRecord; error?: undefined } | { error: RowError; record?: undefined };

/**
 * RFC 4180 CSV: fields separated by commas, a field containing commas, quotes or newlines is
 * quoted and its quotes doubled. CRLF or LF line ends, an optional UTF-8 BOM; blank lines
 * are skipped. Malformed records are reported by line and left out.
 */
export function parseCsv(text: string): { records: CsvRecord[]; errors: RowError[] } {
  const records: CsvRecord[] = [];
  const errors: RowError[] = [];
  for (const item of csvItems(text)) {
    if (item.record) records.push(item.record);
    else errors.push(item.error);
  }
  return { records, errors };
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** The records (and malformed records' errors) of a CSV text one at a time, so a caller can pause between them. */
export function* csvItems(text: string): Generator<CsvItem, void, undefined> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  const atFieldEnd = () => {
    if (i >= n) return true;
    const c = text.charCodeAt(i);
    return c === COMMA || c === LF || c === CR;
  };

  while (i < n) {
    const startLine = line;
    const startIndex = i;
    const fields: string[] = [];
    let problem: string | undefined;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        i++;
        let field = "";
        let closed = false;
        let from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === QUOTE && text.charCodeAt(i + 1) === QUOTE) {
            field += text.slice(from, i + 1);
            i += 2;
            from = i;
          } else if (c === QUOTE) {
            field += text.slice(from, i);
            i++;
            closed = true;
            break;
          } else {
            if (c === LF) line++;
            i++;
          }
        }
        if (!closed) {
          field += text.slice(from, i);
          problem ??= "a quoted field is never closed";
        }
        if (!atFieldEnd()) {
          problem ??= 'text after a closing quote (inside a quoted field, write a quote as "")';
          while (!atFieldEnd()) i++;
        }
        fields.push(field);
      } else {
        // Unquoted: one slice, no copy per character (a large file is mostly such fields).
        const from = i;
        for (; i < n; i++) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) problem ??= "a quote inside an unquoted field (quote the whole field and double its quotes)";
        }
        fields.push(text.slice(from, i));
      }
      if (text.charCodeAt(i) !== COMMA) break;
      i++;
    }
    const blank = i === startIndex;
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) {
      i++;
      line++;
    }
    if (problem) yield { error: { line: startLine, message: problem } };
    else if (!blank) yield { record: { line: startLine, fields } };
  }
}
