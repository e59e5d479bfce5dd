import { CAPS, type CapName } from "@/server/contracts/limits";
import { unprocessable } from "@/server/errors";

/**
 * 422 naming the cap when `count` passes it: `message` says what is counted, e.g. "An app holds
 * at most 500 solutions" (the helper adds what was asked). Details carry the cap's name and
 * limit, so a form can say it too.
 */
export function assertWithinCap(cap: CapName, count: number, message: (limit: number) => string, extra?: Record<string, unknown>): void {
  assertWithinLimit(cap, CAPS[cap], count, message, extra);
}

/** The same for a cap an operator sets (server/env.ts), e.g. SCORING_MAX_ITEMS. */
export function assertWithinLimit(cap: string, limit: number, count: number, message: (limit: number) => string, extra?: Record<string, unknown>): void {
  if (count <= limit) return;
  throw unprocessable(`${message(limit)} (this would make ${count.toLocaleString("en-US")}).`, { cap, limit, count, ...extra });
}
