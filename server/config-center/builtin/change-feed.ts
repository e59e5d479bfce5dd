import { and, gt, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { configCenterApps, configCenterRevision } from "@/db/schema";
import type { PublishedConfig } from "@/server/config-center/config-center";
import { readBuiltinApp } from "./read-builtin-app";

type Subscriber = (config: PublishedConfig) => void;

export interface ChangeFeed {
  subscribe(app: string, subscriber: Subscriber): () => void;
  /** A publish of this process committed: tell local watchers at once (no DB round trip). */
  emit(config: PublishedConfig): void;
  /** Another process published `app` (LISTEN/NOTIFY): read it and tell local watchers. */
  refresh(app: string): Promise<void>;
  close(): void;
}

/**
 * Fans changes out to this process's watchers. Three sources: publishes of this process
 * (immediate), NOTIFY from other processes on the same PostgreSQL (immediate), and a poll of
 * the global revision counter while anybody watches (the safety net for a lost LISTEN
 * connection, and the only cross-process path if LISTEN is not available). Watchers drop
 * anything not newer than what they already have, so a change seen twice is harmless.
 */
export function createChangeFeed(
  db: Db,
  options: {
    pollMs: number;
    onError: (error: unknown) => void;
    /** Told first, whatever the source, before watchers hear of the change. */
    onChange?: (app: string) => void;
  },
): ChangeFeed {
  const subscribers = new Map<string, Set<Subscriber>>();
  let seenRevision: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling = false;

  const emit = (config: PublishedConfig) => {
    options.onChange?.(config.app);
    for (const subscriber of [...(subscribers.get(config.app) ?? [])]) subscriber(config);
  };

  const poll = async () => {
    if (polling || subscribers.size === 0) return;
    polling = true;
    try {
      const [counter] = await db.select({ revision: configCenterRevision.revision }).from(configCenterRevision);
      const current = counter?.revision ?? 0;
      if (seenRevision !== null && current > seenRevision && subscribers.size > 0) {
        const rows = await db
          .select()
          .from(configCenterApps)
          .where(and(gt(configCenterApps.revision, seenRevision), inArray(configCenterApps.app, [...subscribers.keys()])));
        for (const row of rows) emit({ app: row.app, revision: row.revision, releaseId: row.releaseId, document: row.document, versions: row.versions });
      }
      seenRevision = current;
    } catch (error) {
      options.onError(error);
    } finally {
      polling = false;
    }
  };

  const ensurePolling = () => {
    if (timer || options.pollMs <= 0) return;
    void poll();
    timer = setInterval(() => void poll(), options.pollMs);
    timer.unref();
  };

  return {
    subscribe(app, subscriber) {
      const set = subscribers.get(app) ?? new Set();
      set.add(subscriber);
      subscribers.set(app, set);
      ensurePolling();
      return () => {
        set.delete(subscriber);
        if (set.size === 0 && subscribers.get(app) === set) subscribers.delete(app);
        if (subscribers.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
          seenRevision = null;
        }
      };
    },
    emit,
    async refresh(app) {
      if (!subscribers.has(app)) return;
      const config = await readBuiltinApp(db, app);
      if (config) emit(config);
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
      subscribers.clear();
    },
  };
}
