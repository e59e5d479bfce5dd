/**
 * Calls that arrive while an identical one is still running share its answer instead of
 * starting their own: a release wakes thousands of long-polls, whose re-polls would otherwise
 * each read the same rows (the token, the app's release) one after another.
 *
 * Only a call already in flight is shared, never a finished answer, so a caller sees nothing
 * older than what a query of its own could have returned while that one ran. `forget(key)`
 * makes the next call start afresh: for when the caller knows the rows just changed.
 */
export interface InFlight<T> {
  run(key: string, call: () => Promise<T>): Promise<T>;
  forget(key: string): void;
}

export function shareInFlight<T>(): InFlight<T> {
  const running = new Map<string, Promise<T>>();
  return {
    run(key, call) {
      const shared = running.get(key);
      if (shared) return shared;
      const started = call().finally(() => {
        if (running.get(key) === started) running.delete(key);
      });
      running.set(key, started);
      return started;
    },
    forget(key) {
      running.delete(key);
    },
  };
}
