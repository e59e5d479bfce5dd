/**
 * JSON the way TF Serving's REST API writes and reads it: floats are written as TF Serving's
 * WriteDecimal does (printf "%g" with 6 significant digits, or 9 / 17 when that does not read
 * back to the same float / double; a ".0" on whole numbers without an exponent, so `3.0` and
 * `9e+06`), and NaN / Infinity / -Infinity are bare tokens.
 */
export class JsonFloat {
  /** `single`: the value is a float32 (read back with float precision). */
  constructor(
    readonly value: number,
    readonly single = false,
  ) {}
}

/** C's printf("%.<precision>g", v). */
export function formatG(v: number, precision: number): string {
  const p = Math.max(1, precision);
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  const [mantissa, exponentText] = v.toExponential(p - 1).split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= p) {
    return `${strip(mantissa)}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return strip(v.toFixed(p - 1 - exponent));
}

/** TF Serving's WriteDecimal (util/json_tensor.cc) for a float (`single`) or a double. */
export function writeDecimal(value: number, single: boolean): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  let text = formatG(value, 6);
  const back = single ? Math.fround(Number(text)) : Number(text);
  if (back !== value) text = formatG(value, single ? 9 : 17);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function formatFloat({ value, single }: JsonFloat): string {
  return writeDecimal(value, single);
}

export function stringifyTfsJson(value: unknown): string {
  if (value instanceof JsonFloat) return formatFloat(value);
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : formatFloat(new JsonFloat(value));
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifyTfsJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifyTfsJson(v)}`).join(",")}}`;
}

const NON_FINITE = "\u0000tfs-number:";

// Bare NaN/Infinity tokens (outside strings) become marked strings that the reviver turns back.
function quoteNonFinite(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const token = ["NaN", "-Infinity", "Infinity"].find((t) => text.startsWith(t, i));
    if (token) {
      out += JSON.stringify(NON_FINITE + token);
      i += token.length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** JSON.parse that also accepts NaN, Infinity and -Infinity. Throws SyntaxError. */
export function parseTfsJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e;
    return JSON.parse(quoteNonFinite(text), (_key, v: unknown) =>
      typeof v === "string" && v.startsWith(NON_FINITE) ? Number(v.slice(NON_FINITE.length)) : v,
    );
  }
}
