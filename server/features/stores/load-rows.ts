import { unprocessable } from "@/server/errors";
import type { FeatureStore } from "./feature-store";
import { parseRows, type ParseRowsOptions } from "./parse-rows";

export interface LoadRowsOptions extends ParseRowsOptions {
  store: FeatureStore;
  /** Keys written concurrently per batch. */
  batchSize?: number;
  /** Called with 0 before the first batch and after each batch. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Loads a sample-rows file into a table. Every line is checked first and all bad lines are
 * reported (unprocessable, details.errors with line numbers) before anything is written, so
 * a bad file loads nothing. Writes then go out in batches, reporting progress in keys.
 *
 * Not transactional against the store: if the store itself fails half way, the keys of the
 * batches already written stay (reloading the file is idempotent: maps are replaced).
 */
export async function loadRows(opts: LoadRowsOptions): Promise<{ rows: number; keys: number }> {
  const parsed = parseRows(opts);
  if (!parsed.ok) {
    const more = parsed.truncated ? " (and more)" : "";
    throw unprocessable(`${parsed.errors.length}${more} bad line(s); nothing was loaded`, {
      errors: parsed.errors,
      truncated: parsed.truncated,
    });
  }
  const { entries } = parsed;
  const batchSize = Math.max(1, opts.batchSize ?? 200);
  opts.onProgress?.(0, entries.length);
  for (let start = 0; start < entries.length; start += batchSize) {
    const batch = entries.slice(start, start + batchSize);
    await Promise.all(batch.map((e) => ("map" in e ? opts.store.putKKV(e.key, e.map) : opts.store.putKV(e.key, e.value))));
    opts.onProgress?.(start + batch.length, entries.length);
  }
  return { rows: parsed.rows, keys: entries.length };
}
