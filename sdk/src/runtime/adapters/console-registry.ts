import type { ConsoleApi } from "./console-api";
import { TtlCache } from "./ttl-cache";

/**
 * A model's registered instances from the console's registry (GET /api/v1/registry/instances,
 * token scope config:read), reused for `ttlMs` (default 1000 ms, as trials reuse theirs).
 */
export function consoleRegistry(api: ConsoleApi, opts: { ttlMs?: number } = {}): (model: string) => Promise<string[]> {
  const cache = new TtlCache<string[]>(opts.ttlMs ?? 1000);
  return (model) =>
    cache.get(model, async () => {
      const res = await api.get<{ instances: { address: string }[] }>(`/api/v1/registry/instances?model=${encodeURIComponent(model)}`);
      return (res?.instances ?? []).map((i) => i.address);
    });
}
