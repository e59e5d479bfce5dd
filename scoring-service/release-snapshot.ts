import type { ConfigClient, PublishedConfig } from "@/sdk/src/core/published/types";
import { configFromClient } from "@/sdk/src/runtime/adapters/config-from-client";
import type { ConfigSourceName, ScoreRequest, ScoringConfig } from "@/sdk/src/runtime/types";

/**
 * A request scores under one release from start to end: the release the config client held when
 * the request arrived, pinned to the request object the runtime is given and read back by the
 * runtime's loadConfig (which receives that object). A release that lands mid-request is used
 * from the next request on, never half-way through one. (Not AsyncLocalStorage: on Node 20 it
 * turns on async hooks for every promise of the process, a tenth of a request's CPU.)
 */
export interface ReleaseSnapshots {
  /** The release held right now (null before the first one). */
  current(): PublishedConfig | null;
  /** Pins `release` to `request`: every loadConfig for that request object sees it. */
  pin(request: ScoreRequest, release: PublishedConfig | null): void;
  /** The scoring configuration of a release (read once per release). */
  configOf(release: PublishedConfig): Promise<ScoringConfig>;
  /** The runtime's loadConfig port. */
  loadConfig(app: string, source: ConfigSourceName, request?: ScoreRequest): Promise<ScoringConfig>;
}

export function releaseSnapshots(client: Pick<ConfigClient, "getConfig">, app: string): ReleaseSnapshots {
  const pinned = new WeakMap<ScoreRequest, { release: PublishedConfig | null }>();
  // A release object is immutable (a new release is a new object): its reading is kept with it.
  const read = new WeakMap<PublishedConfig, Promise<ScoringConfig>>();
  const load = (release: PublishedConfig | null, name: string, source: ConfigSourceName) =>
    configFromClient({ getConfig: (asked) => (asked === app ? release : null) })(name, source);
  const configOf = (release: PublishedConfig): Promise<ScoringConfig> => {
    let config = read.get(release);
    if (!config) {
      config = load(release, app, "published");
      read.set(release, config);
      config.catch(() => read.delete(release));
    }
    return config;
  };
  return {
    current: () => client.getConfig(app),
    pin: (request, release) => void pinned.set(request, { release }),
    configOf,
    loadConfig(name, source, request) {
      const held = request ? pinned.get(request) : undefined;
      const release = held ? held.release : client.getConfig(app);
      if (!release || source !== "published" || name !== app) return load(release, name, source);
      return configOf(release);
    },
  };
}
