/**
 * Wakes the dispatcher of this process when a release was committed, so delivery starts at
 * once instead of at the next poll. Lives on globalThis: Next.js may load this module in
 * several bundles of one process (a route handler commits, the dispatcher started by the
 * bootstrap listens). Other processes find the record at their next poll.
 */
const globalForSignal = globalThis as unknown as { __scoringOutboxListeners?: Set<() => void> };
const listeners = (globalForSignal.__scoringOutboxListeners ??= new Set());

export function notifyOutbox(): void {
  for (const listener of [...listeners]) listener();
}

export function onOutboxSignal(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
