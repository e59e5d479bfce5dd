import { getDb } from "@/db";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { createDispatcher, type Dispatcher } from "./create-dispatcher";

// One dispatcher per process (Next.js may load this module in several bundles): on globalThis.
const globalForDelivery = globalThis as unknown as { __scoringDispatcher?: Dispatcher; __scoringDispatcherStopping?: Promise<void> };

/**
 * Starts this process's outbox dispatcher (bootstrap). Every console process may run one:
 * claims are exclusive (server/outbox/README.md). On SIGTERM/SIGINT it stops after the
 * delivery in flight; a delivery cut short anyway is redelivered, idempotently, after its lease.
 */
export async function startReleaseDelivery(): Promise<Dispatcher> {
  if (globalForDelivery.__scoringDispatcher) return globalForDelivery.__scoringDispatcher;
  const dispatcher = createDispatcher({ db: await getDb(), center: await getConfigCenter() });
  globalForDelivery.__scoringDispatcher = dispatcher;
  dispatcher.start();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      const stopped = stopReleaseDelivery();
      // Next.js's own handler ends the process; with no other handler, listening would keep it alive.
      if (process.listenerCount(signal) === 0) void stopped.finally(() => process.exit(0));
    });
  }
  return dispatcher;
}

/** This process's dispatcher, if started (the admin status shows whether it runs). */
export function currentDispatcher(): Dispatcher | undefined {
  return globalForDelivery.__scoringDispatcher;
}

export function stopReleaseDelivery(): Promise<void> {
  const dispatcher = globalForDelivery.__scoringDispatcher;
  if (!dispatcher) return Promise.resolve();
  globalForDelivery.__scoringDispatcherStopping ??= dispatcher.stop().finally(() => {
    globalForDelivery.__scoringDispatcher = undefined;
    globalForDelivery.__scoringDispatcherStopping = undefined;
  });
  return globalForDelivery.__scoringDispatcherStopping;
}
