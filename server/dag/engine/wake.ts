/**
 * In-process wake-ups: a route that changed an app's DAG (a data version, a callback, an
 * approval) tells the engines of this process to look at the app now instead of at their next
 * poll. The listeners live on globalThis because Next.js may load this module in several
 * bundles of one process. Engines of other processes find the work at their next poll.
 */
import { notifyOutbox } from "@/server/outbox/outbox-signal";

type Listener = (app: string) => void;
const store = globalThis as unknown as { __dagWakeListeners?: Set<Listener> };

function listeners(): Set<Listener> {
  store.__dagWakeListeners ??= new Set();
  return store.__dagWakeListeners;
}

export function onDagChange(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function notifyDagChange(app: string): void {
  for (const listener of listeners()) listener(app);
}

/**
 * Call after committing a transaction that moved an app's DAG: the engines look at the app,
 * and the release dispatcher at the releases output nodes may have created in it.
 */
export function afterDagCommit(app: string): void {
  notifyDagChange(app);
  notifyOutbox();
}
