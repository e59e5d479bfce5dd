import type { RowError } from "@/server/contracts/features";

export interface CsvRecord {
  /** The line the record starts on (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: fields separated by commas, a field containing commas, quotes or newlines is
 * quoted and its quotes doubled. CRLF or LF line ends, an optional UTF-8 BOM; blank lines
 * are skipped. Malformed records are reported by line and left out.
 */
export function parseCsv(text: string): { records: CsvRecord[]; errors: RowError[] } {
  const records: CsvRecord[] = [];
  const errors: RowError[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const atFieldEnd = () => i >= text.length || text[i] === "," || text[i] === "\n" || text[i] === "\r";

  while (i < text.length) {
    const startLine = line;
    const startIndex = i;
    const fields: string[] = [];
    let problem: string | undefined;
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          const c = text[i];
          if (c === '"' && text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else if (c === '"') {
            i++;
            closed = true;
            break;
          } else {
            if (c === "\n") line++;
            field += c;
            i++;
          }
        }
        if (!closed) problem ??= "a quoted field is never closed";
        if (!atFieldEnd()) {
          problem ??= 'text after a closing quote (inside a quoted field, write a quote as "")';
          while (!atFieldEnd()) i++;
        }
      } else {
        while (!atFieldEnd()) {
          if (text[i] === '"') problem ??= 'a quote inside an unquoted field (quote the whole field and double its quotes)';
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (text[i] !== ",") break;
      i++;
    }
    const blank = i === startIndex;
    if (text[i] === "\r") i++;
    if (text[i] === "\n") {
      i++;
      line++;
    }
    if (problem) errors.push({ line: startLine, message: problem });
    else if (!blank) records.push({ line: startLine, fields });
  }
  return { records, errors };
}
