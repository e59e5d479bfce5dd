import { bucketOf } from "./core/bucketing";
import { solutionOfBucket } from "./core/published/pick-solution";
import { readCacheFile, writeCacheFile } from "./cache-file";
import type { ConfigSource, SourceSettings } from "./config-source";
import { createEtcdSource } from "./etcd-source";
import { createHttpSource } from "./http-source";
import type { AppView } from "./core/published/read-solutions";
import { readSolutionsOnce } from "./core/published/read-solutions-once";
import {
  asError,
  ConfigClientError,
  type AppSettings,
  type ConfigClient,
  type ConfigClientOptions,
  type PickedSolution,
  type PublishedConfig,
  type Solution,
} from "./core/published/types";

/**
 * Connects to the config center and resolves once every app has a config to serve: from
 * the center, or, when the center cannot be reached, from the cache file. Rejects when an
 * app has neither (or the center refuses the token). Afterwards it follows each app in the
 * background (long-poll or etcd watch), keeps the last good config in memory and in the
 * cache file, and catches up by revision after an outage.
 */
export async function createConfigClient(options: ConfigClientOptions): Promise<ConfigClient> {
  const apps = [...new Set([...(options.app ? [options.app] : []), ...(options.apps ?? [])])];
  if (apps.length === 0) throw new ConfigClientError("unknown_app", "Name the apps to follow (app or apps)");
  const settings: SourceSettings = {
    onError: options.onError ?? ((error) => console.warn(`[config-client] ${error.message}`)),
    retry: { minMs: options.retry?.minMs ?? 500, maxMs: options.retry?.maxMs ?? 30_000 },
  };
  const source: ConfigSource =
    "etcd" in options
      ? await createEtcdSource(options.etcd, settings)
      : createHttpSource({ url: options.url, token: options.token, waitSeconds: options.waitSeconds ?? 30 }, settings);

  const views = new Map<string, AppView>();
  const listeners = new Set<(config: PublishedConfig) => void>();
  let cacheWrites: Promise<void> = Promise.resolve();

  const saveCache = () => {
    const file = options.cacheFile;
    if (!file) return;
    cacheWrites = cacheWrites
      .then(() => writeCacheFile(file, source.id, [...views.values()].map((view) => view.config)))
      .catch((error: unknown) => settings.onError(new Error(`Cannot write the cache file ${file}: ${String(error)}`)));
  };

  /** Swaps in a newer release; a document the SDK cannot read is reported and skipped. */
  const accept = (config: PublishedConfig, notify: boolean): boolean => {
    const held = views.get(config.app);
    if (held && config.revision <= held.config.revision) return false;
    let view: AppView;
    try {
      view = readSolutionsOnce(config);
    } catch (error) {
      settings.onError(asError(error));
      return false;
    }
    views.set(config.app, view);
    if (notify) {
      for (const listener of listeners) {
        try {
          listener(config);
        } catch (error) {
          settings.onError(asError(error));
        }
      }
    }
    return true;
  };

  try {
    const cached = await loadCache(options.cacheFile, source.id, settings);
    const outcomes = await Promise.all(
      apps.map(async (app) => {
        try {
          return { app, ok: true as const, config: await source.fetch(app) };
        } catch (error) {
          return { app, ok: false as const, error: asError(error) };
        }
      }),
    );
    for (const outcome of outcomes) {
      if (outcome.ok && (outcome.config === null || accept(outcome.config, false))) continue;
      const reason = !outcome.ok ? outcome.error : new Error("its current release cannot be read");
      if (reason instanceof ConfigClientError && reason.code === "unauthorized") throw reason;
      const fallback = cached.get(outcome.app);
      if (!fallback || !accept(fallback, false)) {
        throw new ConfigClientError("unreachable", `No config for ${outcome.app}: ${reason.message}, and the cache has none`, {
          cause: reason,
        });
      }
      settings.onError(new Error(`Serving ${outcome.app} at revision ${fallback.revision} from the cache: ${reason.message}`));
    }
  } catch (error) {
    await source.close();
    throw error;
  }
  saveCache();
  for (const app of apps) {
    source.follow(app, () => views.get(app)?.config.revision, (config) => {
      if (accept(config, true)) saveCache();
    });
  }

  const viewOf = (app: string): AppView | undefined => {
    if (!apps.includes(app)) throw new ConfigClientError("unknown_app", `This client does not follow ${app}; add it to apps`);
    return views.get(app);
  };
  const publishedView = (app: string): AppView => {
    const view = viewOf(app);
    if (!view) throw new ConfigClientError("not_published", `${app} has not been published yet`);
    return view;
  };

  return {
    getConfig: (app) => viewOf(app)?.config ?? null,
    getSolutions: (app): Solution[] => viewOf(app)?.solutions ?? [],
    getVersion: (app, key) => viewOf(app)?.config.versions[key],
    getSettings: (app): AppSettings => publishedView(app).settings,
    resolveBucket(app, keyValue) {
      const { salt, bucketCount } = publishedView(app).settings;
      return bucketOf({ salt, keyValue, bucketCount });
    },
    pickSolution(app, origin): PickedSolution {
      const view = publishedView(app);
      const keyValue = origin[view.settings.hashKey];
      if (typeof keyValue !== "string" && typeof keyValue !== "number" && typeof keyValue !== "bigint") {
        throw new ConfigClientError("missing_hash_key", `The request's origin has no usable "${view.settings.hashKey}" for ${app}`);
      }
      const bucket = bucketOf({ salt: view.settings.salt, keyValue, bucketCount: view.settings.bucketCount });
      const solution = solutionOfBucket(view.solutions, bucket);
      if (!solution) throw new ConfigClientError("no_solution", `Bucket ${bucket} of ${app} belongs to no solution`);
      return { bucket, solution };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await source.close();
      await cacheWrites;
    },
  };
}

async function loadCache(file: string | undefined, sourceId: string, settings: SourceSettings): Promise<Map<string, PublishedConfig>> {
  if (!file) return new Map();
  try {
    return await readCacheFile(file, sourceId);
  } catch (error) {
    settings.onError(asError(error));
    return new Map();
  }
}
