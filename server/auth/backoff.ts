export interface BackoffPolicy {
  /** Failures a key may have before it has to wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts afresh. */
  forgetAfterMs: number;
  /** Keys kept at most (memory stays bounded under a flood of made-up emails or addresses). */
  maxKeys: number;
}

/**
 * A growing delay per key, kept in process memory: after `freeFailures` failures each further
 * attempt has to wait, from the last failure, a delay that doubles per failure up to
 * `maxDelayMs`. An attempt refused for coming too early is not a failure, so hammering does
 * not push the next chance further away: whoever waits the delay gets an attempt, and a right
 * password then passes. Several console processes each keep their own (documented).
 */
export class Backoff {
  // Map order is the order of last failure (re-inserted on each): the first entries are the stalest.
  private readonly entries = new Map<string, { failures: number; last: number }>();

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  waitMs(key: string): number {
    const e = this.live(key);
    if (!e || e.failures < this.policy.freeFailures) return 0;
    return Math.max(0, e.last + this.delayAfter(e.failures) - this.now());
  }

  /** The delay that follows the `failures`-th failure. */
  delayAfter(failures: number): number {
    const { freeFailures, baseDelayMs, maxDelayMs } = this.policy;
    if (failures < freeFailures) return 0;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - freeFailures, 40));
  }

  fail(key: string): void {
    const t = this.now();
    const failures = (this.live(key)?.failures ?? 0) + 1;
    this.entries.delete(key);
    this.entries.set(key, { failures, last: t });
    if (this.entries.size > this.policy.maxKeys) this.sweep(t);
  }

  /** Takes back one failure counted in advance (its time stays: the next wait is a little longer, never shorter). */
  undo(key: string): void {
    const e = this.live(key);
    if (!e) return;
    e.failures--;
    if (e.failures <= 0) this.entries.delete(key);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private live(key: string) {
    const e = this.entries.get(key);
    if (e && this.now() - e.last >= this.policy.forgetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  // Drops what is forgotten anyway, then the stalest down to 90% of the cap, so a sweep is rare.
  private sweep(t: number): void {
    for (const [k, e] of this.entries) if (t - e.last >= this.policy.forgetAfterMs) this.entries.delete(k);
    const target = Math.floor(this.policy.maxKeys * 0.9);
    for (const k of this.entries.keys()) {
      if (this.entries.size <= target) break;
      this.entries.delete(k);
    }
  }
}
