/** How a feature table's values are kept as text (server/contracts/features.ts checks the same names with zod). */
export type ValueEncoding = "json" | "float_vector" | "string";

/**
 * How a table's values are kept as text in a store (Redis strings and hash fields, the built-in
 * store). Decoding never throws: a store maps a bad stored value to its own error (the data
 * is the outside world's fault), a loader reports it against the file line (the user's fault).
 * A reason is a sentence about the value itself (`"abc" is not a number`), so a caller can put
 * where it was in front: `column value: "abc" is not a number`.
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
        return { ok: false, reason: `${quote(raw)} is not valid JSON` };
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
      return value === undefined ? { ok: false, reason: "there is no value" } : { ok: true, value };
    case "string":
      if (typeof value === "string") return { ok: true, value };
      if (typeof value === "number" || typeof value === "boolean") return { ok: true, value: String(value) };
      return { ok: false, reason: `${show(value)} is not a string` };
    case "float_vector":
      if (typeof value === "string") return decodeFloatVector(value);
      if (Array.isArray(value)) return checkFloats(value);
      return { ok: false, reason: `${show(value)} is not a list of numbers (a JSON array or comma separated numbers)` };
  }
}

function decodeFloatVector(raw: string): Decoded {
  const text = raw.trim();
  if (text.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, reason: `${quote(raw)} is not a JSON array of numbers` };
    }
    return Array.isArray(parsed) ? checkFloats(parsed) : { ok: false, reason: `${quote(raw)} is not a JSON array of numbers` };
  }
  if (text === "") return { ok: true, value: [] };
  const items = text.split(",");
  const values: number[] = [];
  for (const [i, item] of items.entries()) {
    const t = item.trim();
    // Number("") is 0 and Number("0x1f") is 31: only plain decimal numbers are floats here.
    const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
    if (!Number.isFinite(n)) return { ok: false, reason: notANumber(quote(t), i, items.length) };
    values.push(n);
  }
  return { ok: true, value: values };
}

function checkFloats(items: unknown[]): Decoded {
  const bad = items.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) return { ok: false, reason: notANumber(show(items[bad]), bad, items.length) };
  return { ok: true, value: items };
}

/** `"abc" is not a number`, naming the item when the vector has more than one. */
function notANumber(shown: string, index: number, count: number): string {
  return count > 1 ? `${shown} (item ${index + 1} of ${count}) is not a number` : `${shown} is not a number`;
}

function quote(text: string): string {
  return `"${cut(text)}"`;
}

/** A JSON value as the person wrote it: strings quoted, others as JSON. */
function show(value: unknown): string {
  return typeof value === "string" ? quote(value) : cut(JSON.stringify(value) ?? String(value));
}

function cut(text: string): string {
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
