/**
 * JSON the way TF Serving's REST API writes and reads it: floats always carry a decimal
 * point ("3.0", so a reader can tell them from integers and a float feature is not taken
 * for an int64 one), and NaN / Infinity / -Infinity are bare tokens.
 */
export class JsonFloat {
  /** `single`: the value is a float32; write the shortest decimal that reads back to it. */
  constructor(
    readonly value: number,
    readonly single = false,
  ) {}
}

function formatFloat({ value, single }: JsonFloat): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  let text = String(value);
  if (single) {
    for (let digits = 1; digits <= 9; digits++) {
      const candidate = Number(value.toPrecision(digits));
      if (Math.fround(candidate) === value) {
        text = String(candidate);
        break;
      }
    }
  }
  return /[.eE]/.test(text) ? text : `${text}.0`;
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
