/** How a feature table's values are kept as text (server/contracts/features.ts checks the same names with zod). */
export type ValueEncoding = "json" | "float_vector" | "string";

/**
 * How a table's values are kept as text in a store (Redis strings and hash fields, the built-in
 * store). Decoding never throws: a store maps a bad stored value to its own error (the data
 * is the outside world's fault), a loader reports it against the file line (the user's fault).
 */
export type Decoded = { ok: true; value: unknown } | { ok: false; reason: string };

export function decodeValue(encoding: ValueEncoding, raw: string): Decoded {
  switch (encoding) {
    case "string":
      return { ok: true, value: raw };
    case "json":
      try {
        return { ok: true, value: JSON.parse(raw) as unknown };
      } catch {
        return { ok: false, reason: `not valid JSON: ${preview(raw)}` };
      }
    case "float_vector":
      return decodeFloatVector(raw);
  }
}

/**
 * Brings a JSON value (from a JSON lines file or an API body) to what `decodeValue` would
 * return for the same data: a float vector may come as an array or as its comma text.
 */
export function normalizeValue(encoding: ValueEncoding, value: unknown): Decoded {
  switch (encoding) {
    case "json":
      return value === undefined ? { ok: false, reason: "no value" } : { ok: true, value };
    case "string":
      if (typeof value === "string") return { ok: true, value };
      if (typeof value === "number" || typeof value === "boolean") return { ok: true, value: String(value) };
      return { ok: false, reason: "expected a string" };
    case "float_vector":
      if (typeof value === "string") return decodeFloatVector(value);
      if (Array.isArray(value)) return checkFloats(value);
      return { ok: false, reason: "expected an array of numbers or comma separated numbers" };
  }
}

function decodeFloatVector(raw: string): Decoded {
  const text = raw.trim();
  if (text.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, reason: `not a JSON array of numbers: ${preview(raw)}` };
    }
    return Array.isArray(parsed) ? checkFloats(parsed) : { ok: false, reason: "not a JSON array of numbers" };
  }
  if (text === "") return { ok: true, value: [] };
  const items = text.split(",");
  const values: number[] = [];
  for (const [i, item] of items.entries()) {
    const t = item.trim();
    // Number("") is 0 and Number("0x1f") is 31: only plain decimal numbers are floats here.
    const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
    if (!Number.isFinite(n)) return { ok: false, reason: `item ${i + 1} ("${preview(t)}") is not a finite number` };
    values.push(n);
  }
  return { ok: true, value: values };
}

function checkFloats(items: unknown[]): Decoded {
  const bad = items.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) return { ok: false, reason: `item ${bad + 1} is not a finite number` };
  return { ok: true, value: items };
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const EXPECTED: Record<ValueEncoding, string> = {
  json: "JSON",
  float_vector: "a float vector (comma separated numbers or a JSON array of numbers)",
  string: "a string",
};

/**
 * A stored value its table's encoding cannot decode. The message names the table, the key and
 * what was expected, never the value (nor a part of it): whoever looks a key up must not read
 * what is stored under keys that are not the table's data.
 */
export function storedValueMessage(table: string, key: string, encoding: ValueEncoding): string {
  return `Feature table "${table}", key "${key}": the stored value is not ${EXPECTED[encoding]}`;
}
