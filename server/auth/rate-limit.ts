import { AppError } from "@/server/errors";

/**
 * A fixed-window counter per key, kept in process memory: caps how often one person runs
 * something costly (trials, fg tries). Sign-in does not use it: a window that refuses even the
 * right password is a lock-out anyone can trigger (sign-in-guard.ts waits instead). Several processes behind a balancer each keep
 * their own window, which multiplies the limit by the process count (documented).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; throws 429 with the seconds to wait once the limit is passed. */
  hit(key: string): void {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.sweep(t);
    }
    w.count++;
    if (w.count > this.limit) {
      const retryAfter = Math.ceil((w.start + this.windowMs - t) / 1000);
      throw new AppError("rate_limited", `Too many attempts. Try again in ${retryAfter} s.`, { retryAfterSeconds: retryAfter });
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}
