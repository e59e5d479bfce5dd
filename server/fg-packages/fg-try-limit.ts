import { RateLimiter } from "@/server/auth/rate-limit";
import type { Actor } from "@/server/auth/actor";
import { env } from "@/server/env";

const holder = globalThis as unknown as { __fgTryLimiter?: RateLimiter };

/** Whose code fg call it is, for the sandbox pool's fair share (a person or a token). */
export function fgOwnerOf(actor: Actor): string {
  return `${actor.type}:${"id" in actor ? actor.id : actor.name}`;
}

/** Counts one try-box run per person (or token) per minute; throws 429 with Retry-After past FG_TRY_LIMIT_PER_MINUTE. */
export function hitFgTryLimit(actor: Actor): void {
  holder.__fgTryLimiter ??= new RateLimiter(env().FG_TRY_LIMIT_PER_MINUTE, 60_000);
  holder.__fgTryLimiter.hit(fgOwnerOf(actor));
}
