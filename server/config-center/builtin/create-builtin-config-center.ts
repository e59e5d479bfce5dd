import type { Db } from "@/db";
import { configCenterRevision } from "@/db/schema";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import { createChangeFeed } from "./change-feed";
import { listenForChanges } from "./listen-for-changes";
import { publishBuiltinRelease } from "./publish-builtin-release";
import { logError, safeErrorMessage } from "@/server/log/loggable-error";

export interface BuiltinConfigCenterOptions {
  db: Db;
  /**
   * PostgreSQL URL of the same database: publishes pg_notify and LISTENs, so watchers in other
   * console processes hear a change at once. Absent (PGlite, one process): in-process only.
   */
  listenUrl?: string;
  /**
   * Called each time the LISTEN connection is up (also after a reconnect): publishes of other
   * processes from then on are heard at once. Tests wait for it instead of sleeping.
   */
  onListening?: () => void;
  /** Poll of the revision counter while anybody watches: the cross-process safety net. */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/** The config center built into the console (docs/config-center.md): state in the console's database. */
export function createBuiltinConfigCenter(options: BuiltinConfigCenterOptions): ConfigCenter {
  const { db } = options;
  const onError = options.onError ?? ((error: unknown) => logError("[config-center/builtin]", error));
  const feed = createChangeFeed(db, { pollMs: options.pollMs ?? (options.listenUrl ? 1_000 : 5_000), onError });
  // A release wakes every long-poll of the app and each re-polls at once, reading the app
  // twice (the long-poll's read and its watch's): the feed answers from what it heard.
  const read = (app: string) => feed.read(app);
  const stopListening = options.listenUrl
    ? listenForChanges(options.listenUrl, (app) => void feed.refresh(app).catch(onError), onError, options.onListening)
    : () => undefined;
  const stops = new Set<() => void>();

  return {
    kind: "builtin",
    async publish(input) {
      const result = await publishBuiltinRelease(db, input, { notify: Boolean(options.listenUrl) });
      if (result.config) feed.emit(result.config);
      return { revision: result.revision, alreadyPublished: result.alreadyPublished };
    },
    read,
    watch(app, fromRevision, listener) {
      let delivered = fromRevision;
      let stopped = false;
      // Revisions only grow, so "newer than the last one given" keeps the listener in order
      // whichever source (emit, notify, poll, the first read) speaks first.
      const deliver = (config: PublishedConfig | null) => {
        if (stopped || !config || config.revision <= delivered) return;
        delivered = config.revision;
        try {
          listener(config);
        } catch (error) {
          onError(error);
        }
      };
      const unsubscribe = feed.subscribe(app, deliver);
      read(app).then(deliver, onError);
      const stop = () => {
        stopped = true;
        unsubscribe();
        stops.delete(stop);
      };
      stops.add(stop);
      return stop;
    },
    async health() {
      try {
        const [counter] = await db.select({ revision: configCenterRevision.revision }).from(configCenterRevision);
        return { ok: true, detail: `built into this console, at revision ${counter?.revision ?? 0}` };
      } catch (error) {
        return { ok: false, detail: safeErrorMessage(error) };
      }
    },
    async close() {
      for (const stop of [...stops]) stop();
      feed.close();
      stopListening();
    },
  };
}
