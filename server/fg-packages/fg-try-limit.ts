import { RateLimiter } from "@/server/auth/rate-limit";
import type { Actor } from "@/server/auth/actor";
import { env } from "@/server/env";
import { fgOwnerOf } from "@/server/fg/fg-owner";

const holder = globalThis as unknown as { __fgTryLimiter?: RateLimiter };

/** Counts one try-box run per person (or token) per minute; throws 429 with Retry-After past FG_TRY_LIMIT_PER_MINUTE. */
export function hitFgTryLimit(actor: Actor): void {
  holder.__fgTryLimiter ??= new RateLimiter(env().FG_TRY_LIMIT_PER_MINUTE, 60_000);
  holder.__fgTryLimiter.hit(fgOwnerOf(actor));
}
