import type { Db } from "@/db";
import { env } from "@/server/env";
import { logError } from "@/server/log/loggable-error";
import { rollUpTelemetry } from "./roll-up-telemetry";

const g = globalThis as unknown as { __telemetryRollup?: { stop(): void } };

/**
 * Started by the bootstrap, beside the held-release sweeper: at start and then every
 * TELEMETRY_ROLLUP_SECONDS, rolls minute rows up into hours and deletes what is past retention.
 * Several consoles on one database may all run it (rollUpTelemetry moves a row once).
 */
export function startTelemetryRollup(db: Db, opts: { intervalMs?: number } = {}): { stop(): void } {
  if (g.__telemetryRollup) return g.__telemetryRollup;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await rollUpTelemetry(db);
    } catch (e) {
      logError("[telemetry] rollup failed", e);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), opts.intervalMs ?? env().TELEMETRY_ROLLUP_SECONDS * 1000);
  timer.unref?.();
  g.__telemetryRollup = {
    stop() {
      clearInterval(timer);
      g.__telemetryRollup = undefined;
    },
  };
  return g.__telemetryRollup;
}
