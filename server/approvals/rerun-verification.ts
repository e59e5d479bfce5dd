import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { RateLimiter } from "@/server/auth/rate-limit";
import type { VerificationReport } from "@/server/contracts/verification";
import { conflict, unprocessable } from "@/server/errors";
import { getReport } from "@/server/verification/get-report";
import { changeKindHandler } from "./change-kinds";
import { loadChangeRequest } from "./load-change-request";
import { startRequestVerification } from "./start-request-verification";

/** A run scores every sample through every solution (and live): a few per person per minute. */
export const VERIFY_RUNS_PER_MINUTE = 6;
const holder = globalThis as unknown as { __verifyLimiter?: RateLimiter };

/**
 * Re-runs verification of a pending request on demand (after loading a model version, adding
 * samples…): a new report for its current revision, against what it would release now.
 * Answers with the new report (running). Editors and admins (the route); a few per minute each.
 */
export async function rerunVerification(db: Db, opts: { actor: Actor; id: string }): Promise<VerificationReport> {
  holder.__verifyLimiter ??= new RateLimiter(VERIFY_RUNS_PER_MINUTE, 60_000);
  holder.__verifyLimiter.hit(`${opts.actor.type}:${"id" in opts.actor ? opts.actor.id : opts.actor.name}`);
  const { request } = await loadChangeRequest(db, opts.id);
  if (!changeKindHandler(request.kind)?.candidate) throw unprocessable(`A "${request.kind}" request makes no release; there is nothing to verify.`, { kind: request.kind });
  if (request.state !== "pending") throw conflict(`This request is already ${request.state}; only a pending request is verified.`, { state: request.state });
  const id = await startRequestVerification(db, { actor: opts.actor, request });
  return getReport(db, id!);
}
