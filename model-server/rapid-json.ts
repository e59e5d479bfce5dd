import { writeDecimal } from "@/server/tfs/tfs-json";

/**
 * JSON as TF Serving's REST API reads it (RapidJSON with kParseNanAndInfFlag): a number
 * keeps its token's kind, so `2` (an integer: int64 in a tf.Example, refused for a float
 * tensor only when lossy) and `2.0` (a double) stay apart, which JSON.parse cannot do.
 * Parse errors carry RapidJSON's English texts and byte offsets.
 */
export class JsonNumber {
  constructor(
    /** The value as a double (integers beyond 2^53 are rounded here; `big` is exact). */
    readonly value: number,
    /** A token with a fraction, an exponent, NaN/Infinity, or an integer too large for 64 bits. */
    readonly isDouble: boolean,
    readonly big: bigint | null = null,
  ) {}

  /** RapidJSON's IsInt / IsInt64 / IsUint64 for integer tokens. */
  isInt32(): boolean {
    return !this.isDouble && (this.big as bigint) >= -(2n ** 31n) && (this.big as bigint) < 2n ** 31n;
  }

  isInt64(): boolean {
    return !this.isDouble && (this.big as bigint) >= -(2n ** 63n) && (this.big as bigint) < 2n ** 63n;
  }

  isUint64(): boolean {
    return !this.isDouble && (this.big as bigint) >= 0n;
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export class JsonParseError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at offset: ${offset}`);
  }
}

export const isJsonObject = (v: JsonValue | undefined): v is { [key: string]: JsonValue } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);

const WS = new Set([" ", "\n", "\r", "\t"]);
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class Parser {
  i = 0;
  constructor(readonly text: string) {}

  fail(reason: string, at = this.i): never {
    throw new JsonParseError(reason, Buffer.byteLength(this.text.slice(0, at), "utf8"));
  }

  skip(): void {
    while (this.i < this.text.length && WS.has(this.text[this.i] as string)) this.i++;
  }

  value(): JsonValue {
    const c = this.text[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [["null", null], ["true", true], ["false", false]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.number();
  }

  object(): JsonValue {
    const out: { [key: string]: JsonValue } = {};
    this.i++;
    this.skip();
    if (this.text[this.i] === "}") {
      this.i++;
      return out;
    }
    for (;;) {
      if (this.text[this.i] !== '"') this.fail("Missing a name for object member.");
      const key = this.string();
      this.skip();
      if (this.text[this.i] !== ":") this.fail("Missing a colon after a name of object member.");
      this.i++;
      this.skip();
      const v = this.value();
      // RapidJSON's FindMember returns the first of duplicate names.
      if (!Object.prototype.hasOwnProperty.call(out, key)) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.skip();
      const c = this.text[this.i];
      if (c === ",") {
        this.i++;
        this.skip();
      } else if (c === "}") {
        this.i++;
        return out;
      } else this.fail("Missing a comma or '}' after an object member.");
    }
  }

  array(): JsonValue {
    const out: JsonValue[] = [];
    this.i++;
    this.skip();
    if (this.text[this.i] === "]") {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skip();
      const c = this.text[this.i];
      if (c === ",") {
        this.i++;
        this.skip();
      } else if (c === "]") {
        this.i++;
        return out;
      } else this.fail("Missing a comma or ']' after an array element.");
    }
  }

  string(): string {
    let out = "";
    this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail("Missing a closing quotation mark in string.");
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === "\\") {
        const e = this.text[this.i + 1] ?? "";
        if (e === "u") {
          const hex = this.text.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Incorrect hex digit after \\u escape in string.", this.i + 2);
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 6;
          continue;
        }
        const plain = ESCAPES[e];
        if (plain === undefined) this.fail("Invalid escape character in string.", this.i + 1);
        out += plain;
        this.i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail(c === "\0" ? "Missing a closing quotation mark in string." : "Invalid encoding in string.");
      out += c;
      this.i++;
    }
  }

  number(): JsonNumber {
    const start = this.i;
    const t = this.text;
    const minus = t[this.i] === "-";
    if (minus) this.i++;
    for (const [word, v] of [["NaN", NaN], ["Infinity", Infinity], ["Inf", Infinity]] as const) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return new JsonNumber(minus ? -v : v, true);
      }
    }
    const digits = () => {
      const from = this.i;
      while (this.i < t.length && t.charCodeAt(this.i) >= 48 && t.charCodeAt(this.i) <= 57) this.i++;
      return this.i - from;
    };
    if (t[this.i] === "0") this.i++;
    else if (digits() === 0) this.fail("Invalid value.", start);
    let isDouble = false;
    if (t[this.i] === ".") {
      this.i++;
      if (digits() === 0) this.fail("Miss fraction part in number.");
      isDouble = true;
    }
    if (t[this.i] === "e" || t[this.i] === "E") {
      this.i++;
      if (t[this.i] === "+" || t[this.i] === "-") this.i++;
      if (digits() === 0) this.fail("Miss exponent in number.");
      isDouble = true;
    }
    const token = t.slice(start, this.i);
    const value = Number(token);
    if (!Number.isFinite(value)) this.fail("Number too big to be stored in double.", start);
    if (isDouble) return new JsonNumber(value, true);
    const big = BigInt(token);
    // An integer beyond uint64 (or below int64) is read as a double, as RapidJSON does.
    if (big >= 2n ** 64n || big < -(2n ** 63n)) return new JsonNumber(value, true);
    return new JsonNumber(value, false, big);
  }
}

/** Parse like RapidJSON; throws JsonParseError with its message and byte offset. */
export function parseRapidJson(text: string): JsonValue {
  const p = new Parser(text);
  p.skip();
  if (p.i >= text.length) p.fail("The document is empty.");
  const value = p.value();
  p.skip();
  if (p.i < text.length) p.fail("The document root must not be followed by other values.");
  return value;
}

// RapidJSON's Writer::Double: shortest round trip, ".0" on whole numbers, "1e21" exponents.
function writeDouble(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  const s = String(v).replace("e+", "e");
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function writeString(s: string): string {
  return `"${s.replace(/["\\\u0000-\u001f]/g, (c) => {
    const named: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  })}"`;
}

function pretty(v: JsonValue, indent: string): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return writeString(v);
  if (v instanceof JsonNumber) return v.isDouble ? writeDouble(v.value) : String(v.big);
  const inner = `${indent}    `;
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[\n${v.map((x) => inner + pretty(x, inner)).join(",\n")}\n${indent}]`;
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, x]) => `${inner}${writeString(k)}: ${pretty(x, inner)}`).join(",\n")}\n${indent}}`;
}

/**
 * TF Serving's JsonValueToString (for error messages): RapidJSON's PrettyWriter, except a
 * lone decimal number, which is written like an output float (6 significant digits first).
 */
export function jsonValueToString(v: JsonValue): string {
  if (v instanceof JsonNumber && v.isDouble) return writeDecimal(v.value, Math.fround(v.value) === v.value || !Number.isFinite(v.value));
  return pretty(v, "");
}

/** RapidJSON's type names, as TF Serving prints them. */
export function jsonTypeString(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return "Null";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string") return "String";
  if (v instanceof JsonNumber) return "Number";
  return Array.isArray(v) ? "Array" : "Object";
}
