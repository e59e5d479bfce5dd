import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { deliverNext } from "./deliver-next";
import { onOutboxSignal } from "./outbox-signal";
import { logError } from "@/server/log/loggable-error";

export interface DispatcherOptions {
  db: Db;
  center: ConfigCenter;
  /** Names this dispatcher in leases (default: random). */
  owner?: string;
  /** How long a claimed record stays this dispatcher's; a crashed one's records are free after it. */
  leaseMs?: number;
  /** How often to look for records committed by other processes or due for a retry. */
  pollMs?: number;
  /** Backoff while the center is down. */
  retry?: { minMs?: number; maxMs?: number };
  onError?: (error: unknown) => void;
  /**
   * Re-check each release's references (model versions loaded, fg published...) just before
   * writing it to the center (default true; docs/verification.md, *Delivery re-check*). Only
   * tests that are not about it, in worlds without model servers, turn it off.
   */
  recheckReferences?: boolean;
}

export interface Dispatcher {
  readonly owner: string;
  readonly running: boolean;
  start(): void;
  /** Delivers what is due now instead of at the next poll. */
  wake(): void;
  /**
   * One step of a dispatcher that was not started: claims and delivers at most one due record;
   * false when nothing was due. Errors reach the caller. The loop of `start()` takes the same
   * steps; tests take them one by one to show what was (not) delivered without waiting for polls.
   */
  runOnce(): Promise<boolean>;
  /** Stops after the delivery in flight, if any. */
  stop(): Promise<void>;
}

/** Delivers outbox records to the center, one at a time, in order per app (server/outbox/README.md). */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const owner = options.owner ?? `dispatcher-${randomUUID()}`;
  const settings = {
    owner,
    leaseMs: options.leaseMs ?? 15_000,
    retry: { minMs: options.retry?.minMs ?? 250, maxMs: options.retry?.maxMs ?? 30_000 },
    recheckReferences: options.recheckReferences ?? true,
  };
  const pollMs = options.pollMs ?? 1_000;
  const onError = options.onError ?? ((error: unknown) => logError("[outbox] delivery loop", error));
  let running = false;
  let woken = false;
  let wakeUp: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  let unsubscribe: (() => void) | null = null;

  const wake = () => {
    woken = true;
    wakeUp?.();
  };

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || !running) return resolve();
      const timer = setTimeout(done, ms);
      wakeUp = done;
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
    });

  const step = () => deliverNext(options.db, options.center, settings);

  const run = async () => {
    while (running) {
      woken = false;
      let delivered = false;
      try {
        delivered = await step();
      } catch (error) {
        onError(error);
      }
      if (!delivered) await idle(pollMs);
    }
  };

  return {
    owner,
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      unsubscribe = onOutboxSignal(wake);
      loop = run();
    },
    wake,
    async runOnce() {
      if (running) throw new Error("runOnce steps a dispatcher that was not started");
      return step();
    },
    async stop() {
      running = false;
      unsubscribe?.();
      wakeUp?.();
      await loop;
    },
  };
}
