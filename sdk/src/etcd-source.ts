import type { IKeyValue, IOptions, Watcher } from "etcd3";
import { backoffDelay, pause } from "./backoff";
import type { ConfigSource, SourceSettings } from "./config-source";
import { etcdLayout, parseEtcdSnapshot, type EtcdLayout } from "./core/published/etcd-layout";
import { asError, ConfigClientError, type PublishedConfig } from "./core/published/types";

export interface EtcdSourceOptions {
  endpoints: string[];
  prefix: string;
  callTimeoutMs?: number;
}

/**
 * Reads the console's etcd layout (docs/config-center.md; core's etcd-layout.ts, the one
 * definition the console writes by):
 *   {prefix}/apps/{app}/solutions | versions/{key} | release
 * A snapshot is one range request over apps/{app}/; on each write of the release key the app
 * is re-read AT that revision, so a whole release is swapped in at once.
 */
export async function createEtcdSource(options: EtcdSourceOptions, settings: SourceSettings): Promise<ConfigSource> {
  // Loaded on demand: a service in HTTP mode needs neither etcd3 nor gRPC.
  const { Etcd3 } = await import("etcd3");
  const prefix = options.prefix.replace(/\/+$/, "");
  const callTimeoutMs = options.callTimeoutMs ?? 5_000;
  const client = new Etcd3({
    hosts: options.endpoints,
    dialTimeout: callTimeoutMs,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
    faultHandling: { watchBackoff: cappedBackoff(settings.retry.minMs, settings.retry.maxMs) },
  });
  const closing = new AbortController();
  const watchers = new Set<Watcher>();
  /** Store revision of the last snapshot per app: where to watch from when nothing is held. */
  const snapshotRevision = new Map<string, number>();

  const read = async (app: string, atRevision?: number): Promise<PublishedConfig | null> => {
    const range = client.getAll().prefix(appPrefix(prefix, app));
    if (atRevision !== undefined) range.revision(atRevision);
    let response;
    try {
      response = await range.exec();
    } catch (error) {
      throw new ConfigClientError("unreachable", `etcd ${options.endpoints.join(",")} is unreachable: ${messageOf(error)}`, { cause: error });
    }
    snapshotRevision.set(app, Math.max(snapshotRevision.get(app) ?? 0, Number(response.header.revision)));
    return parseApp(prefix, app, response.kvs);
  };

  /** At a revision, else the latest (the revision may be compacted away); retried while etcd is away. */
  const readPersistently = async (app: string, atRevision?: number): Promise<PublishedConfig | null> => {
    for (let failures = 0; ; failures++) {
      try {
        return await read(app, atRevision);
      } catch (error) {
        if (atRevision !== undefined) {
          const latest = await read(app).catch(() => undefined);
          if (latest !== undefined) return latest;
        }
        if (closing.signal.aborted) throw error;
        settings.onError(asError(error));
        await pause(backoffDelay(failures, settings.retry.minMs, settings.retry.maxMs), closing.signal);
      }
    }
  };

  const follow = (app: string, heldRevision: () => number | undefined, accept: (config: PublishedConfig) => void) => {
    let queue: Promise<void> = Promise.resolve();
    const enqueue = (work: () => Promise<void>) => {
      queue = queue.then(work).catch((error: unknown) => {
        if (!closing.signal.aborted) settings.onError(asError(error));
      });
    };
    const deliver = (config: PublishedConfig | null) => {
      if (config && !closing.signal.aborted && config.revision > (heldRevision() ?? 0)) accept(config);
    };
    const open = (afterRevision: number) => {
      if (closing.signal.aborted) return;
      const watcher = client.watch().prefix(appPrefix(prefix, app)).startRevision(String(afterRevision + 1)).watcher();
      watchers.add(watcher);
      watcher.on("put", (kv) => {
        if (kv.key.toString() !== layoutOf(prefix, app).release) return;
        const revision = Number(kv.mod_revision);
        enqueue(async () => {
          if (revision > (heldRevision() ?? 0)) deliver(await readPersistently(app, revision));
        });
      });
      // etcd3 resumes a dropped stream (on another member, when this one died) from a revision
      // its "connected" handler already moved to the member's current one before the replayed
      // events arrived: a second drop in between would skip them. Resume from what is held.
      watcher.on("disconnected", () => {
        watcher.request.start_revision = Math.max(afterRevision, heldRevision() ?? 0) + 1;
      });
      // etcd cancelled the watch, most likely because its start was compacted: resync.
      watcher.on("error", (error) => {
        watchers.delete(watcher);
        settings.onError(error);
        enqueue(async () => {
          deliver(await readPersistently(app));
          open(Math.max(snapshotRevision.get(app) ?? 0, heldRevision() ?? 0));
        });
      });
    };
    open(Math.max(heldRevision() ?? 0, snapshotRevision.get(app) ?? 0));
  };

  return {
    id: `etcd:${prefix}`,
    fetch: (app) => read(app),
    follow,
    async close() {
      closing.abort();
      await Promise.all([...watchers].map((watcher) => watcher.cancel().catch(() => undefined)));
      client.close();
    },
  };
}

function appPrefix(prefix: string, app: string): string {
  return layoutOf(prefix, app).appPrefix;
}

function layoutOf(prefix: string, app: string): EtcdLayout {
  try {
    return etcdLayout(prefix, app);
  } catch {
    throw new ConfigClientError("unknown_app", `"${app}" is not a valid app name`);
  }
}

function parseApp(prefix: string, app: string, kvs: IKeyValue[]): PublishedConfig | null {
  const layout = layoutOf(prefix, app);
  try {
    return parseEtcdSnapshot(app, layout, kvs);
  } catch (error) {
    throw new ConfigClientError("bad_response", `etcd holds an unreadable release of ${app}: ${messageOf(error)}`, { cause: error });
  }
}

type WatchBackoff = NonNullable<NonNullable<IOptions["faultHandling"]>["watchBackoff"]>;

/** etcd3's default grows to 30 s between reconnects; a scoring service wants to catch up sooner. */
function cappedBackoff(durationMs: number, maxMs: number): WatchBackoff {
  return { duration: durationMs, next: () => cappedBackoff(Math.min(durationMs * 2, maxMs), maxMs) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

