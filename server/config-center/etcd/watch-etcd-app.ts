import type { Etcd3, Watcher } from "etcd3";
import type { PublishedConfig } from "@/server/config-center/config-center";
import { etcdLayout } from "./etcd-layout";
import { readEtcdApp, type EtcdSnapshot } from "./read-etcd-app";

export interface WatchEtcdAppOptions {
  client: Etcd3;
  prefix: string;
  app: string;
  fromRevision: number;
  listener: (config: PublishedConfig) => void;
  onError: (error: unknown) => void;
}

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 10_000;

/**
 * Calls the listener once per release after `fromRevision`, in order. It watches the app's
 * prefix and, on each write of the release key, re-reads the app AT that revision, so the
 * listener always gets a whole release even though a release touches many keys. Lost
 * connections are resumed by etcd3 on any live member of the cluster, from the last delivered
 * revision; when etcd cancels the watch (the history was compacted) it catches up from a fresh
 * snapshot and watches on from there.
 */
export function watchEtcdApp(options: WatchEtcdAppOptions): () => void {
  const { client, prefix, app, listener, onError } = options;
  const layout = etcdLayout(prefix, app);
  let stopped = false;
  let delivered = options.fromRevision;
  let watcher: Watcher | null = null;
  let queue: Promise<void> = Promise.resolve();

  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      if (!stopped) onError(error);
    });
  };

  const deliver = (config: PublishedConfig | null) => {
    if (stopped || !config || config.revision <= delivered) return;
    delivered = config.revision;
    try {
      listener(config);
    } catch (error) {
      onError(error);
    }
  };

  const open = (afterRevision: number) => {
    const opened = client.watch().prefix(layout.appPrefix).startRevision(String(afterRevision + 1)).watcher();
    opened.on("put", (kv) => {
      if (kv.key.toString() !== layout.release) return;
      const revision = Number(kv.mod_revision);
      enqueue(async () => {
        if (revision > delivered) deliver((await readUntilAnswered(revision)).config);
      });
    });
    // etcd3 resumes a dropped stream (another member, when this one died) from a revision its
    // "connected" handler already moved to the member's current one before the replayed events
    // arrived: a second drop in between would skip them. Resume from what this watcher has
    // delivered instead; a release that arrives twice is skipped by `deliver`.
    opened.on("disconnected", () => {
      opened.request.start_revision = Math.max(afterRevision, delivered) + 1;
    });
    opened.on("error", (error) => {
      onError(error);
      if (opened !== watcher) return;
      enqueue(async () => {
        const latest = await readUntilAnswered();
        deliver(latest.config);
        if (!stopped) open(latest.storeRevision);
      });
    });
    watcher = opened;
  };

  /** Reads at a revision (or the latest when it is compacted away), retrying while etcd is down. */
  const readUntilAnswered = async (atRevision?: number): Promise<EtcdSnapshot> => {
    for (let delay = RETRY_MIN_MS; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
      try {
        return await readEtcdApp(client, prefix, app, atRevision);
      } catch (error) {
        if (stopped) throw error;
        if (atRevision !== undefined) {
          const latest = await readEtcdApp(client, prefix, app).catch(() => null);
          if (latest) return latest;
        }
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  open(options.fromRevision);
  return () => {
    stopped = true;
    watcher?.cancel().catch(() => undefined);
    watcher = null;
  };
}
