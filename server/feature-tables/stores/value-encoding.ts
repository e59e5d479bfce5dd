import type { ValueEncoding } from "@/server/contracts/features";
import { AppError, badRequest } from "@/server/errors";
import { normalizeValue, storedValueMessage } from "@/sdk/src/core/features/value-encoding";

// Decoding is core's: the console's stores and the scoring runtime's Redis reader decode a
// stored value the same way, with the same messages.
export { decodeValue, normalizeValue, type Decoded } from "@/sdk/src/core/features/value-encoding";

/**
 * A stored value its table's encoding cannot decode. The message names the table, the key and
 * what was expected, never the value (nor a part of it): whoever looks a key up must not read
 * what is stored under keys that are not the table's data.
 */
export function storedValueError(table: string, key: string, encoding: ValueEncoding): AppError {
  return new AppError("bad_gateway", storedValueMessage(table, key, encoding), { table, key, encoding });
}

/** The text a store keeps for `value`; a value the encoding cannot hold is a bad_request. */
export function encodeValue(encoding: ValueEncoding, value: unknown): string {
  const normalized = normalizeValue(encoding, value);
  if (!normalized.ok) throw badRequest(`Value does not fit the ${encoding} encoding: ${normalized.reason}`);
  const v = normalized.value;
  if (encoding === "json") return JSON.stringify(v);
  if (encoding === "float_vector") return (v as number[]).map(String).join(",");
  return v as string;
}
