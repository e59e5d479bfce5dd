import type { PublishedConfig } from "./core/published/types";

/** Where configs come from: the console's HTTP center or etcd. */
export interface ConfigSource {
  /** Names the center in the cache file. */
  readonly id: string;
  /** The app's current release, null when it was never published; throws when the center cannot answer. */
  fetch(app: string): Promise<PublishedConfig | null>;
  /**
   * Follows the app in the background until close(): hands every release newer than
   * `heldRevision()` to `accept`, retrying with backoff while the center is away.
   */
  follow(app: string, heldRevision: () => number | undefined, accept: (config: PublishedConfig) => void): void;
  close(): Promise<void>;
}

export interface SourceSettings {
  onError: (error: Error) => void;
  retry: { minMs: number; maxMs: number };
}
