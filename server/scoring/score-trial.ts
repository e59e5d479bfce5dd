import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { isAdmin } from "@/server/http/is-admin";
import { rememberTrial } from "@/server/samples/record-recent-trial";
import type { ConfigCenter } from "@/server/config-center/config-center";
import type { ScoreRequestSchema } from "@/server/contracts/scoring";
import { env } from "@/server/env";
import type { z } from "zod";
import { fgOwnerOf } from "@/server/fg/fg-owner";
import { changeRequestConfig } from "./change-request-config";
import { checkTrialItems } from "./check-trial-items";
import { runScoring } from "./run-scoring";
import type { BatchScoreResult } from "@/sdk/src/runtime/types";
import type { ScoreResult } from "./scoring-types";
import { hitTrialLimit } from "./trial-rate-limit";
import { wireScoringDeps } from "./wire-scoring-deps";

/**
 * POST /api/v1/score: one trial through the real flow. Reads only; rate-limited per caller.
 * `center` defaults to the process's configured config center. Each trial's origin is then kept
 * among its app's recent trials (fire and forget: never delays or fails the trial), so it can
 * become a sample request. Only an admin's trial shows instances' raw errors (the trace of a
 * skip; an error's details.detail, added by the HTTP layer). `options.source` names a pending
 * change request: the trial scores under its candidate (change-request-config.ts). With `items`
 * the count and the items' declared types are checked first (check-trial-items.ts) and the
 * answer is the batch's: the result type is runScoring's (a batch result for a request with items).
 */
type TrialRequest = z.output<typeof ScoreRequestSchema>;
interface TrialOptions<R> {
  actor: Actor;
  request: R;
  center?: ConfigCenter;
}
export async function scoreTrial(db: Db, opts: TrialOptions<TrialRequest & { items: Record<string, unknown>[] }>): Promise<BatchScoreResult>;
export async function scoreTrial(db: Db, opts: TrialOptions<Omit<TrialRequest, "items"> & { items?: undefined }>): Promise<ScoreResult>;
export async function scoreTrial(db: Db, opts: TrialOptions<TrialRequest>): Promise<ScoreResult | BatchScoreResult>;
export async function scoreTrial(db: Db, opts: TrialOptions<TrialRequest>): Promise<ScoreResult | BatchScoreResult> {
  // Refused before the rate limit counts it: bad input changes nothing, not even the caller's quota.
  await checkTrialItems(db, { app: opts.request.app_name, items: opts.request.items, maxItems: env().SCORING_MAX_ITEMS });
  hitTrialLimit(opts.actor);
  const source = opts.request.options.source;
  // Resolved before the trial (who asks decides whether they may see the request); its errors are the request's, not a stage's.
  const candidate = source ? await changeRequestConfig(db, opts.actor, opts.request.app_name, source) : null;
  try {
    const wired = wireScoringDeps(db, opts.center);
    const deps = candidate ? { ...wired, loadConfig: async () => candidate } : wired;
    return await runScoring({ ...deps, fgOwner: fgOwnerOf(opts.actor) }, opts.request, { revealInstanceDetail: isAdmin(opts.actor), maxItems: env().SCORING_MAX_ITEMS });
  } finally {
    rememberTrial(db, { app: opts.request.app_name, origin: opts.request.origin, actor: opts.actor });
  }
}
