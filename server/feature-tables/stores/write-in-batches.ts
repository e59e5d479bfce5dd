import type { Db, Tx } from "@/db";
import { AppError } from "@/server/errors";
import type { LoadLease } from "@/server/feature-tables/load-lease";

export interface PutAllOptions {
  /** Entries written per step; progress is reported after each. Default 500. */
  batchSize?: number;
  /** Entries written so far of `total`; called with 0 first. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the load before its next step; nothing of it stays. */
  signal?: AbortSignal;
  /** Awaited after each batch is written (tests hold a load here to act while it is half way). */
  afterBatch?: (done: number, total: number) => Promise<void> | void;
  /** The table's load lease (load-lease.ts), renewed between batches; a store claims one itself when not given. */
  lease?: LoadLease;
  /**
   * Runs the store's one short switch step (`apply`), e.g. inside the caller's transaction with
   * its checks and audit record. Default: the step alone (built-in: in a transaction of its own).
   */
  commit?: (apply: (tx: Db | Tx | undefined) => Promise<void>) => Promise<void>;
}

/** Lets every other request (and, on PGlite, every other query) in before the next batch. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export const cancelledLoad = () => new AppError("bad_request", "The load was cancelled before it finished; nothing of it was kept.");

/**
 * The steps of a store's putAll: batches in order, progress after each, a cancelled load
 * stopped before the next one, the event loop yielded between batches. Each store stages the
 * batches where reads do not see them and switches over in one short step at the end.
 */
export async function writeInBatches<T>(entries: readonly T[], opts: PutAllOptions, write: (batch: T[]) => Promise<void>): Promise<void> {
  const size = Math.max(1, opts.batchSize ?? 500);
  opts.onProgress?.(0, entries.length);
  for (let start = 0; start < entries.length; start += size) {
    if (opts.signal?.aborted) throw cancelledLoad();
    const batch = entries.slice(start, start + size);
    await write(batch);
    opts.onProgress?.(start + batch.length, entries.length);
    await opts.afterBatch?.(start + batch.length, entries.length);
    await yieldToOthers();
  }
  if (opts.signal?.aborted) throw cancelledLoad();
}
