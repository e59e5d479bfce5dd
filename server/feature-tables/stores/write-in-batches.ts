import { AppError } from "@/server/errors";

export interface PutAllOptions {
  /** Entries written per step; progress is reported after each. Default 500. */
  batchSize?: number;
  /** Entries written so far of `total`; called with 0 first. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the load before its next step; nothing of it stays. */
  signal?: AbortSignal;
}

/**
 * The steps of a store's putAll: batches in order, progress after each, a cancelled load
 * stopped before the next one. Each store wraps this in what makes the whole all-or-nothing
 * (a database transaction, a Redis MULTI/EXEC, a staged copy).
 */
export async function writeInBatches<T>(entries: readonly T[], opts: PutAllOptions, write: (batch: T[]) => Promise<void>): Promise<void> {
  const size = Math.max(1, opts.batchSize ?? 500);
  opts.onProgress?.(0, entries.length);
  for (let start = 0; start < entries.length; start += size) {
    if (opts.signal?.aborted) throw new AppError("bad_request", "The load was cancelled before it finished; nothing of it was kept.");
    const batch = entries.slice(start, start + size);
    await write(batch);
    opts.onProgress?.(start + batch.length, entries.length);
  }
}
