import { AsyncLocalStorage } from "node:async_hooks";
import type { ConfigClient, PublishedConfig } from "@/sdk/src/core/published/types";
import { configFromClient } from "@/sdk/src/runtime/adapters/config-from-client";
import type { ConfigSourceName, ScoringConfig } from "@/sdk/src/runtime/types";

/**
 * A request scores under one release from start to end: the release the config client held when
 * the request arrived, captured once and read by the runtime's loadConfig through async context.
 * A release that lands mid-request is used from the next request on, never half-way through one.
 */
export interface ReleaseSnapshots {
  /** The release held right now (null before the first one). */
  current(): PublishedConfig | null;
  /** Runs `fn` with `release` as the configuration every loadConfig in it sees. */
  run<T>(release: PublishedConfig | null, fn: () => Promise<T>): Promise<T>;
  /** The runtime's loadConfig port. */
  loadConfig(app: string, source: ConfigSourceName): Promise<ScoringConfig>;
}

export function releaseSnapshots(client: Pick<ConfigClient, "getConfig">, app: string): ReleaseSnapshots {
  const context = new AsyncLocalStorage<{ release: PublishedConfig | null }>();
  // A release object is immutable (a new release is a new object): its reading is kept with it.
  const read = new WeakMap<PublishedConfig, Promise<ScoringConfig>>();
  return {
    current: () => client.getConfig(app),
    run: (release, fn) => context.run({ release }, fn),
    loadConfig(name, source) {
      const captured = context.getStore();
      const release = captured ? captured.release : client.getConfig(app);
      const load = () => configFromClient({ getConfig: (asked) => (asked === app ? release : null) })(name, source);
      if (!release || source !== "published" || name !== app) return load();
      let config = read.get(release);
      if (!config) {
        config = load();
        read.set(release, config);
        config.catch(() => read.delete(release));
      }
      return config;
    },
  };
}
