import type { Db } from "@/db";
import { env } from "@/server/env";
import { logError } from "@/server/log/loggable-error";
import { checkLiveAlerts } from "./check-live-alerts";

const g = globalThis as unknown as { __liveAlerts?: { stop(): void } };

/**
 * Started by the bootstrap, beside the telemetry rollup: every TELEMETRY_ALERT_SECONDS, the Live
 * alert check (check-live-alerts.ts). Several consoles on one database may all run it: an
 * episode is opened once, and a delivery is claimed before it is sent.
 */
export function startLiveAlerts(db: Db, opts: { intervalMs?: number } = {}): { stop(): void } {
  if (g.__liveAlerts) return g.__liveAlerts;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await checkLiveAlerts(db);
    } catch (e) {
      logError("[telemetry] alert check failed", e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), opts.intervalMs ?? env().TELEMETRY_ALERT_SECONDS * 1000);
  timer.unref?.();
  g.__liveAlerts = {
    stop() {
      clearInterval(timer);
      g.__liveAlerts = undefined;
    },
  };
  return g.__liveAlerts;
}
