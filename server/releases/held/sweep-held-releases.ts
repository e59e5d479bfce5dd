import type { Db } from "@/db";
import { verifyHeldReleases } from "./verify-held-releases";
import { logError } from "@/server/log/loggable-error";

/** How often the sweeper looks for held releases whose run was lost. */
export const HELD_RELEASE_SWEEP_MS = 30_000;

const g = globalThis as unknown as { __heldReleaseSweeper?: { stop(): void } };

/**
 * Started by the bootstrap: verification runs in the console's process, so a restart loses the
 * runs going on. At start and then every HELD_RELEASE_SWEEP_MS this re-starts the verification
 * of every held release whose run is missing or reads "interrupted", and finishes one whose run
 * ended while its listener did not run (verifyHeldReleases with `recover`).
 */
export function startHeldReleaseSweeper(db: Db, opts: { intervalMs?: number } = {}): { stop(): void } {
  if (g.__heldReleaseSweeper) return g.__heldReleaseSweeper;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      await verifyHeldReleases(db, { recover: true });
    } catch (e) {
      logError("[releases] sweeping held releases failed", e);
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), opts.intervalMs ?? HELD_RELEASE_SWEEP_MS);
  timer.unref?.();
  g.__heldReleaseSweeper = {
    stop() {
      clearInterval(timer);
      g.__heldReleaseSweeper = undefined;
    },
  };
  return g.__heldReleaseSweeper;
}
