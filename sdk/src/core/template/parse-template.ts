import { FEATURE_OPERATORS, type TemplateError, type TemplateErrorCode } from "./template-types";
import { closestName } from "./closest-name";
import { FIELD_NAME, TABLE_NAME, VERSION_KEY, isFeatureOperator, type KeyPart, type ParseResult } from "./template-ast";

/**
 * Parses a feature query template `OPERATOR TABLE KEY` (docs/templates.md). It does not stop at
 * the first problem: the editor underlines every one it can find.
 *
 * Pure and free of server-only imports, so the browser's template editor can run it as you type.
 */
export function parseTemplate(text: string): ParseResult {
  const errors: TemplateError[] = [];
  // Internally positions are 0-based string indexes; errors and spans are 1-based columns.
  const report = (code: TemplateErrorCode, message: string, from: number, to: number, suggestion?: string) => {
    errors.push({ code, message, start: from + 1, end: to + 1, ...(suggestion === undefined ? {} : { suggestion }) });
  };
  const expectedAtEnd = (code: TemplateErrorCode, message: string) => report(code, message, text.length, text.length + 1);

  let i = skipSpaces(text, 0);
  if (i === text.length) {
    expectedAtEnd("empty_template", "The template is empty: write OPERATOR TABLE KEY, e.g. getKV user_tbl {uid}");
    return { ok: false, errors };
  }

  const operator = readWord(text, i);
  if (!isFeatureOperator(operator.text)) {
    const suggestion = closestName(operator.text, FEATURE_OPERATORS);
    const hint = suggestion === undefined ? "" : ` Did you mean ${suggestion}?`;
    report("unknown_operator", `Unknown operator "${operator.text}": use getKV or getKKV.${hint}`, operator.from, operator.to, suggestion);
  }

  i = skipSpaces(text, operator.to);
  if (i === text.length) {
    expectedAtEnd("missing_table", "A feature table name must follow the operator");
    return { ok: false, errors };
  }
  const table = readWord(text, i);
  if (!TABLE_NAME.test(table.text)) {
    report("bad_table_name", `"${table.text}" is not a table name: letters, digits, _ . and -, not starting with a digit`, table.from, table.to);
  }

  i = skipSpaces(text, table.to);
  if (i === text.length) {
    expectedAtEnd("empty_key", "A key must follow the table, e.g. {uid}|{version:KEY}");
    return { ok: false, errors };
  }
  const keyFrom = i;
  const { parts, to: keyTo } = scanKey(text, keyFrom, report);

  const rest = skipSpaces(text, keyTo);
  if (rest < text.length) {
    report("trailing_text", "Unexpected text after the key: a key cannot contain spaces", rest, text.trimEnd().length);
  }

  if (errors.length > 0 || !isFeatureOperator(operator.text)) return { ok: false, errors };
  return {
    ok: true,
    ast: {
      operator: { name: operator.text, start: operator.from + 1, end: operator.to + 1 },
      table: { name: table.text, start: table.from + 1, end: table.to + 1 },
      key: { parts, start: keyFrom + 1, end: keyTo + 1 },
    },
  };
}

type Report = (code: TemplateErrorCode, message: string, from: number, to: number) => void;

/** Reads the KEY up to the first space outside a placeholder. */
function scanKey(text: string, from: number, report: Report): { parts: KeyPart[]; to: number } {
  const parts: KeyPart[] = [];
  let literalFrom = from;
  const flushLiteral = (to: number) => {
    if (to > literalFrom) parts.push({ kind: "literal", text: text.slice(literalFrom, to), start: literalFrom + 1, end: to + 1 });
  };
  let i = from;
  while (i < text.length && !isSpace(text[i])) {
    const c = text[i];
    if (c === "}") {
      report("unbalanced_brace", "'}' has no matching '{'", i, i + 1);
    } else if (c === "{") {
      const close = findClose(text, i);
      if (close < 0) {
        report("unbalanced_brace", "'{' is never closed: a placeholder is {field} or {version:KEY}", i, i + 1);
      } else {
        flushLiteral(i);
        const part = parsePlaceholder(text, i, close, report);
        if (part) parts.push(part);
        i = close + 1;
        literalFrom = i;
        continue;
      }
    }
    i++;
  }
  flushLiteral(i);
  return { parts, to: i };
}

/**
 * The `}` closing the `{` at `open`, or -1 when another `{` or the end comes first. Spaces do
 * not stop the search, so `{ uid }` is reported as a bad name rather than as three fragments.
 */
function findClose(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    if (text[j] === "}") return j;
    if (text[j] === "{") return -1;
  }
  return -1;
}

function parsePlaceholder(text: string, open: number, close: number, report: Report): KeyPart | undefined {
  const span = { start: open + 1, end: close + 2 };
  const content = text.slice(open + 1, close);
  const contentFrom = open + 1;
  if (content === "") {
    report("empty_placeholder", "Empty placeholder: write {field} or {version:KEY}", open, close + 1);
    return undefined;
  }
  const colon = content.indexOf(":");
  if (colon < 0) {
    const message = fieldNameProblem(content);
    if (message) {
      report("bad_placeholder_name", message, contentFrom, close);
      return undefined;
    }
    return { kind: "field", name: content, nameSpan: { start: contentFrom + 1, end: close + 1 }, ...span };
  }

  const kind = content.slice(0, colon);
  if (kind !== "version") {
    const message =
      kind === ""
        ? "A placeholder cannot start with ':': write {field} or {version:KEY}"
        : `Unknown placeholder kind "${kind}": the only kind is version, as in {version:KEY}`;
    // An empty kind is marked on the ":" itself.
    report("unknown_placeholder_kind", message, contentFrom, contentFrom + Math.max(kind.length, 1));
    return undefined;
  }
  const key = content.slice(colon + 1);
  const keyFrom = contentFrom + colon + 1;
  if (key === "") {
    report("empty_version_key", "{version:} needs a version key, e.g. {version:favpush_vec_v2}", close, close + 1);
    return undefined;
  }
  if (!VERSION_KEY.test(key)) {
    report("bad_placeholder_name", `"${key}" is not a version key: letters, digits, _ . and -`, keyFrom, close);
    return undefined;
  }
  return { kind: "version", key, nameSpan: { start: keyFrom + 1, end: close + 1 }, ...span };
}

function fieldNameProblem(name: string): string | undefined {
  if (/\s/.test(name)) return "Spaces are not allowed inside a placeholder";
  if (name === "version") return "{version} needs a version key: write {version:KEY}";
  if (!FIELD_NAME.test(name)) return `"${name}" is not a field name: letters, digits and _, not starting with a digit`;
  return undefined;
}

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (isSpace(text[i])) i++;
  return i;
}

function readWord(text: string, from: number): { text: string; from: number; to: number } {
  let to = from;
  while (to < text.length && !isSpace(text[to])) to++;
  return { text: text.slice(from, to), from, to };
}
