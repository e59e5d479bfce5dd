import { unprocessable } from "@/server/errors";

/**
 * Most featureMaps in one fg batch: the default cap on items per scoring request, so a request's
 * items always fit one batch. A bigger batch is refused whole (422), nothing of it runs.
 */
export const MAX_FG_BATCH_ITEMS = 200;

export function checkFgBatchSize(count: number): void {
  if (count > MAX_FG_BATCH_ITEMS) {
    throw unprocessable(`An fg batch takes at most ${MAX_FG_BATCH_ITEMS} featureMaps (got ${count})`, { limit: MAX_FG_BATCH_ITEMS, count });
  }
}
