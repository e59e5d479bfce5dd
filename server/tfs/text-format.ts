import { AppError } from "@/server/errors";

/**
 * A reader for the protobuf text format (what model.conf files are written in), into a
 * schema-less tree with positions, so the caller can report "line L, column C" against
 * its own schema. Accepts what protobuf's TextFormat parser accepts in practice: optional
 * ':' before a message, '{}' or '<>', ',' or ';' after a field, '#' comments, '[a, b]'
 * lists, adjacent string literals concatenated.
 */
export interface Position {
  line: number;
  column: number;
}

export type TextValue =
  | ({ kind: "string"; value: string } & Position)
  | ({ kind: "token"; value: string } & Position) // a number, an enum name, true/false
  | ({ kind: "message"; fields: TextField[] } & Position);

export interface TextField extends Position {
  name: string;
  value: TextValue;
}

interface Token extends Position {
  type: "ident" | "number" | "string" | "punct";
  text: string;
}

export function textFormatError(at: Position, message: string): AppError {
  return new AppError("bad_request", `line ${at.line}, column ${at.column}: ${message}`, { line: at.line, column: at.column });
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): Position => ({ line, column: i - lineStart + 1 });
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "\n") {
      i++;
      line++;
      lineStart = i;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = here();
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ type: "ident", text: m[0], ...start });
      i += m[0].length;
    } else if (/[-+0-9.]/.test(ch)) {
      const start = here();
      const m = /^[-+]?(0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?[fF]?|inf|nan)/i.exec(text.slice(i));
      if (!m) throw textFormatError(start, `unexpected character '${ch}'`);
      tokens.push({ type: "number", text: m[0], ...start });
      i += m[0].length;
    } else if (ch === '"' || ch === "'") {
      const start = here();
      let value = "";
      i++;
      while (text[i] !== ch) {
        if (i >= text.length || text[i] === "\n") throw textFormatError(start, "unterminated string");
        if (text[i] === "\\") {
          const next = text[i + 1] ?? "";
          const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1));
          const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(i + 1));
          if (octal) {
            value += String.fromCharCode(parseInt(octal[0], 8));
            i += 1 + octal[0].length;
          } else if (hex) {
            value += String.fromCharCode(parseInt(hex[1] as string, 16));
            i += 1 + hex[0].length;
          } else if (next in ESCAPES) {
            value += ESCAPES[next];
            i += 2;
          } else {
            throw textFormatError(here(), `invalid escape '\\${next}'`);
          }
        } else {
          value += text[i];
          i++;
        }
      }
      i++;
      tokens.push({ type: "string", text: value, ...start });
    } else if ("{}<>[]:,;".includes(ch)) {
      tokens.push({ type: "punct", text: ch, ...here() });
      i++;
    } else {
      throw textFormatError(here(), `unexpected character '${ch}'`);
    }
  }
  tokens.push({ type: "punct", text: "", ...here() });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    return this.tokens[this.pos++] as Token;
  }

  private accept(text: string): boolean {
    const t = this.peek();
    if (t.type === "punct" && t.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  private describe(t: Token): string {
    return t.text === "" && t.type === "punct" ? "end of input" : `'${t.text}'`;
  }

  parseMessage(close: string): TextField[] {
    const fields: TextField[] = [];
    while (!this.accept(close)) {
      const name = this.next();
      if (name.type !== "ident") {
        throw textFormatError(name, close === "" ? `expected a field name, found ${this.describe(name)}` : `expected a field name or '${close}', found ${this.describe(name)}`);
      }
      const colon = this.accept(":");
      if (this.accept("[")) {
        for (const value of this.parseList()) fields.push({ name: name.text, value, line: name.line, column: name.column });
      } else {
        fields.push({ name: name.text, value: this.parseValue(colon), line: name.line, column: name.column });
      }
      if (!this.accept(",")) this.accept(";");
    }
    return fields;
  }

  private parseList(): TextValue[] {
    const values: TextValue[] = [];
    if (this.accept("]")) return values;
    do values.push(this.parseValue(true));
    while (this.accept(","));
    const t = this.next();
    if (!(t.type === "punct" && t.text === "]")) throw textFormatError(t, `expected ',' or ']', found ${this.describe(t)}`);
    return values;
  }

  private parseValue(hadColon: boolean): TextValue {
    const t = this.peek();
    if (t.type === "punct" && (t.text === "{" || t.text === "<")) {
      this.pos++;
      return { kind: "message", fields: this.parseMessage(t.text === "{" ? "}" : ">"), line: t.line, column: t.column };
    }
    if (!hadColon) throw textFormatError(t, `expected ':' or '{', found ${this.describe(t)}`);
    this.pos++;
    if (t.type === "string") {
      let value = t.text;
      while (this.peek().type === "string") value += this.next().text;
      return { kind: "string", value, line: t.line, column: t.column };
    }
    if (t.type === "number" || t.type === "ident") return { kind: "token", value: t.text, line: t.line, column: t.column };
    throw textFormatError(t, `expected a value, found ${this.describe(t)}`);
  }
}

/** Parse protobuf text format into fields; throws AppError(bad_request) with line/column. */
export function parseTextFormat(text: string): TextField[] {
  return new Parser(tokenize(text)).parseMessage("");
}

/** Quote a string the way protobuf's text format writes it. */
export function quoteTextString(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] as string);
  return `"${escaped}"`;
}
