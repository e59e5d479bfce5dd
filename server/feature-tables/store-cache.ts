import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";

/**
 * Redis clients of feature tables, one per table per process, reused across requests (a
 * client per scoring request would open a connection per feature). An entry is replaced when
 * its table or connection changes (`signature`), and the old client is closed.
 */
interface Entry {
  signature: string;
  store: FeatureStore;
}

const globalForStores = globalThis as unknown as { __scoringFeatureStores?: Map<string, Entry> };
const cache = (globalForStores.__scoringFeatureStores ??= new Map());

export function cachedStore(table: string, signature: string, open: () => FeatureStore): FeatureStore {
  const entry = cache.get(table);
  if (entry?.signature === signature) return entry.store;
  if (entry) void entry.store.close();
  const store = open();
  cache.set(table, { signature, store });
  return store;
}

/** Closes every cached client (tests, shutdown). */
export async function closeFeatureStores(): Promise<void> {
  const entries = [...cache.values()];
  cache.clear();
  await Promise.all(entries.map((e) => e.store.close()));
}
