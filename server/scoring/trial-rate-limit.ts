import { RateLimiter } from "@/server/auth/rate-limit";
import type { Actor } from "@/server/auth/actor";
import { env } from "@/server/env";

const holder = globalThis as unknown as { __trialLimiter?: RateLimiter };

/** Counts one trial per person (or token) per minute; throws 429 past TRIAL_LIMIT_PER_MINUTE. */
export function hitTrialLimit(actor: Actor): void {
  holder.__trialLimiter ??= new RateLimiter(env().TRIAL_LIMIT_PER_MINUTE, 60_000);
  holder.__trialLimiter.hit(`${actor.type}:${"id" in actor ? actor.id : actor.name}`);
}
