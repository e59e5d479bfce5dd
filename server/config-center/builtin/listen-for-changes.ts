import pg from "pg";
import { BUILTIN_NOTIFY_CHANNEL } from "./publish-builtin-release";

/**
 * Keeps one PostgreSQL connection LISTENing for publishes of other console processes and
 * reconnects with backoff when it drops. Missed notifications while it is down are caught by
 * the change feed's poll. `onListening` is called each time LISTEN is acknowledged (after
 * every reconnect): from then on, no NOTIFY is missed. Returns a stop function.
 */
export function listenForChanges(
  url: string,
  onApp: (app: string) => void,
  onError: (error: unknown) => void,
  onListening: () => void = () => undefined,
): () => void {
  let stopped = false;
  let client: pg.Client | null = null;
  let retryMs = 200;
  let retryTimer: NodeJS.Timeout | null = null;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url });
    client = next;
    next.on("notification", (message) => {
      if (message.channel === BUILTIN_NOTIFY_CHANNEL && message.payload) onApp(message.payload);
    });
    next.on("error", (error) => {
      onError(error);
      scheduleReconnect(next);
    });
    next.on("end", () => scheduleReconnect(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${BUILTIN_NOTIFY_CHANNEL}`);
      retryMs = 200;
      if (!stopped && client === next) onListening();
    } catch (error) {
      if (!stopped) onError(error);
      scheduleReconnect(next);
    }
  };

  const scheduleReconnect = (failed: pg.Client) => {
    if (stopped || client !== failed || retryTimer) return;
    client = null;
    failed.end().catch(() => undefined);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, 10_000);
  };

  void connect();
  return () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    client?.end().catch(() => undefined);
    client = null;
  };
}
