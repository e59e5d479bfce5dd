import { and, gt, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { configCenterApps, configCenterRevision } from "@/db/schema";
import type { PublishedConfig } from "@/server/config-center/config-center";
import { shareInFlight } from "@/server/concurrency/share-in-flight";
import { readBuiltinApp } from "./read-builtin-app";

type Subscriber = (config: PublishedConfig) => void;

export interface ChangeFeed {
  subscribe(app: string, subscriber: Subscriber): () => void;
  /** A publish of this process committed: tell local watchers at once (no DB round trip). */
  emit(config: PublishedConfig): void;
  /** Another process published `app` (LISTEN/NOTIFY): read it and tell local watchers. */
  refresh(app: string): Promise<void>;
  /** What `app` serves now, as far as the feed has heard (see `createChangeFeed`). */
  read(app: string): Promise<PublishedConfig | null>;
  close(): void;
}

/**
 * How long the feed keeps following an app nobody watches any more. Every long-poll of an app
 * ends when a release arrives, and each re-polls a moment later: meanwhile nobody watches it.
 */
export const FOLLOW_UNWATCHED_MS = 60_000;

/**
 * Watchers told of a change in one turn of the event loop; the next ones in the next turns
 * (setImmediate). A long-poll's answer is written only after several promise steps, and a
 * turn runs the first step of every answer woken in it before the second of any: told all at
 * once, 10,000 long-polls would all be written at the very end of one long turn. In slices the
 * first answers are on the wire at once (their clients work while the rest are written) and
 * other requests of the console are not held up behind them.
 */
export const WATCHERS_PER_TURN = 200;

/**
 * Fans changes out to this process's watchers. Three sources: publishes of this process
 * (immediate), NOTIFY from other processes on the same PostgreSQL (immediate), and a poll of
 * the global revision counter while anybody watches (the safety net for a lost LISTEN
 * connection, and the only cross-process path if LISTEN is not available). Watchers drop
 * anything not newer than what they already have, so a change seen twice is harmless.
 *
 * It also answers reads of the apps it follows (watched now, or within FOLLOW_UNWATCHED_MS)
 * from the last release it heard of, without the database: a release wakes thousands of
 * long-polls whose re-polls would each read the app (twice). What it answers is as current as
 * what its watchers are told; a change it has not heard of yet reaches a re-poll that waits on
 * the old revision as it reaches every watcher. A database read is remembered only when the
 * feed heard of no change while it ran, so an answer from before a change never replaces it.
 */
export function createChangeFeed(db: Db, options: { pollMs: number; onError: (error: unknown) => void }): ChangeFeed {
  const subscribers = new Map<string, Set<Subscriber>>();
  /** The latest release heard of, per followed app; with when its last watcher left (if none watch). */
  const known = new Map<string, PublishedConfig>();
  const unwatchedSince = new Map<string, number>();
  /** Bumped when a change of the app is heard of (changesHeard) or any change is polled (pollsChanged). */
  const changesHeard = new Map<string, number>();
  let pollsChanged = 0;
  const reads = shareInFlight<PublishedConfig | null>();
  let seenRevision: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling = false;

  const heard = (app: string) => changesHeard.set(app, (changesHeard.get(app) ?? 0) + 1);
  const remember = (config: PublishedConfig) => {
    const held = known.get(config.app);
    if (held && held.revision >= config.revision) return;
    known.set(config.app, config);
    if (!subscribers.has(config.app) && !unwatchedSince.has(config.app)) unwatchedSince.set(config.app, performance.now());
    ensurePolling();
  };
  const forgetUnwatched = () => {
    const now = performance.now();
    for (const [app, since] of unwatchedSince) {
      if (now - since < FOLLOW_UNWATCHED_MS) continue;
      unwatchedSince.delete(app);
      known.delete(app);
    }
  };
  const emit = (config: PublishedConfig) => {
    heard(config.app);
    remember(config);
    const set = subscribers.get(config.app);
    if (set) tell(config, [...set], 0);
  };
  /** Those of `list` still watching from `from` on, WATCHERS_PER_TURN of them now and the rest later. */
  const tell = (config: PublishedConfig, list: Subscriber[], from: number) => {
    const end = Math.min(list.length, from + WATCHERS_PER_TURN);
    const watching = subscribers.get(config.app);
    for (let i = from; i < end; i++) if (watching?.has(list[i]!)) list[i]!(config);
    if (end < list.length) setImmediate(() => tell(config, list, end));
  };
  const followed = () => new Set([...subscribers.keys(), ...known.keys()]);
  const poll = async () => {
    if (polling) return;
    forgetUnwatched();
    if (subscribers.size === 0 && known.size === 0) return stopPolling();
    polling = true;
    try {
      const [counter] = await db.select({ revision: configCenterRevision.revision }).from(configCenterRevision);
      const current = counter?.revision ?? 0;
      if (seenRevision !== null && current > seenRevision) {
        pollsChanged++;
        const apps = [...followed()];
        const rows = apps.length
          ? await db
              .select()
              .from(configCenterApps)
              .where(and(gt(configCenterApps.revision, seenRevision), inArray(configCenterApps.app, apps)))
          : [];
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
  const stopPolling = () => {
    if (timer) clearInterval(timer);
    timer = null;
    seenRevision = null;
  };
  return {
    subscribe(app, subscriber) {
      const set = subscribers.get(app) ?? new Set();
      set.add(subscriber);
      subscribers.set(app, set);
      unwatchedSince.delete(app);
      ensurePolling();
      return () => {
        set.delete(subscriber);
        if (set.size === 0 && subscribers.get(app) === set) {
          subscribers.delete(app);
          if (known.has(app)) unwatchedSince.set(app, performance.now());
        }
        if (subscribers.size === 0 && known.size === 0) stopPolling();
      };
    },
    emit,
    async refresh(app) {
      heard(app);
      if (!subscribers.has(app) && !known.has(app)) return;
      const config = await readBuiltinApp(db, app);
      if (config) emit(config);
    },
    async read(app) {
      forgetUnwatched();
      const held = known.get(app);
      if (held) return held;
      // Only a read started since the last change heard of is shared (the generations are in the key).
      const generation = `${changesHeard.get(app) ?? 0}:${pollsChanged}`;
      const config = await reads.run(`${generation}:${app}`, () => readBuiltinApp(db, app));
      if (config && generation === `${changesHeard.get(app) ?? 0}:${pollsChanged}`) remember(config);
      return config;
    },
    close() {
      stopPolling();
      subscribers.clear();
      known.clear();
      unwatchedSince.clear();
    },
  };
}
