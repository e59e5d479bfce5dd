import { AppError } from "@/server/errors";
import { Backoff, type BackoffPolicy } from "./backoff";

export interface SignInGuardOptions {
  /** Failed sign-ins per account and client address before each further attempt waits (SIGN_IN_LIMIT_PER_MINUTE). */
  freeFailures: number;
  /** The longest wait (SIGN_IN_MAX_DELAY_SECONDS). */
  maxDelayMs: number;
}

const BASE_DELAY_MS = 1_000;
const FORGET_AFTER_MS = 15 * 60_000;
const MAX_KEYS = 100_000;
// The account and address gates are looser: an office behind one address signs in many
// people, and an account gets a few typos from each of its person's devices.
const LOOSER = 10;
const KNOWN_ADDRESSES_PER_ACCOUNT = 16;
const KNOWN_FOR_MS = 30 * 24 * 3_600_000;

/**
 * Slows password guessing without letting a guesser lock the real person out.
 *
 * Three gates, each a growing delay (backoff.ts) that only failures grow:
 * - per (account, address): what one guesser at one address gets; only failures from that
 *   very address for that very account grow it;
 * - per account, from any address: what a botnet spread over many addresses gets;
 * - per address, over all accounts: what one guesser trying many accounts gets.
 * The account and address gates do not apply to an (account, address) pair that has signed in
 * successfully before (remembered 30 days, 16 addresses per account): a flood from elsewhere
 * then never delays the person at their usual address, and the gates still hold every address
 * that never got in. Nothing here depends on whether the account exists, so a 429 tells
 * nothing about it.
 */
export class SignInGuard {
  private readonly pair: Backoff;
  private readonly account: Backoff;
  private readonly address: Backoff;
  private readonly known = new Map<string, Map<string, number>>();

  constructor(
    opts: SignInGuardOptions,
    private readonly now: () => number = Date.now,
  ) {
    const policy = (freeFailures: number): BackoffPolicy => ({
      freeFailures,
      baseDelayMs: BASE_DELAY_MS,
      maxDelayMs: opts.maxDelayMs,
      forgetAfterMs: Math.max(FORGET_AFTER_MS, opts.maxDelayMs * 2),
      maxKeys: MAX_KEYS,
    });
    this.pair = new Backoff(policy(opts.freeFailures), now);
    this.account = new Backoff(policy(opts.freeFailures * LOOSER), now);
    this.address = new Backoff(policy(opts.freeFailures * LOOSER), now);
  }

  /**
   * Lets an attempt through or throws 429 with the seconds to wait (a refused attempt counts
   * nothing). One let through is counted as a failure at once, before the password is checked,
   * so a burst of parallel attempts cannot all slip in while the first ones are being checked;
   * `succeeded` takes it back.
   */
  attempt(email: string, ip: string): void {
    const known = this.isKnown(email, ip);
    const wait = Math.max(this.pair.waitMs(pairKey(email, ip)), known ? 0 : this.account.waitMs(email), known ? 0 : this.address.waitMs(ip));
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new AppError("rate_limited", `Too many failed sign-ins. Wait ${retryAfterSeconds} s, then try again.`, { retryAfterSeconds });
    }
    this.pair.fail(pairKey(email, ip));
    this.account.fail(email);
    this.address.fail(ip);
  }

  /** The account and address gates only lose this attempt: a success here says nothing of other addresses. */
  succeeded(email: string, ip: string): void {
    this.pair.reset(pairKey(email, ip));
    this.account.undo(email);
    this.address.undo(ip);
    let addresses = this.known.get(email);
    if (!addresses) {
      if (this.known.size >= MAX_KEYS) this.known.delete(this.known.keys().next().value!);
      addresses = new Map();
      this.known.set(email, addresses);
    }
    addresses.delete(ip);
    addresses.set(ip, this.now());
    if (addresses.size > KNOWN_ADDRESSES_PER_ACCOUNT) addresses.delete(addresses.keys().next().value!);
  }

  private isKnown(email: string, ip: string): boolean {
    const at = this.known.get(email)?.get(ip);
    return at !== undefined && this.now() - at < KNOWN_FOR_MS;
  }
}

const pairKey = (email: string, ip: string) => `${email}\n${ip}`;

const holder = globalThis as unknown as { __signInGuard?: SignInGuard };

/** The process's guard, made on first use with the options of that use. */
export function signInGuard(opts: SignInGuardOptions): SignInGuard {
  return (holder.__signInGuard ??= new SignInGuard(opts));
}

/** For tests: a guard of their own (their own clock), or none so the next use makes a fresh one. */
export function installSignInGuard(guard: SignInGuard | undefined): void {
  holder.__signInGuard = guard;
}
