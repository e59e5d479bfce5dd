import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { getApp } from "@/server/apps/get-app";
import type { ChangeSummaryResponse } from "@/server/contracts/change-summary";
import { isAppError } from "@/server/errors";
import { getLiveRelease } from "@/server/releases/get-live-release";
import { describeChange } from "./describe-change";
import { loadPendingCandidate } from "./pending-candidate";

/**
 * What a pending publish request does to live (the app's latest delivered release): the lines a
 * reviewer reads before the key table. A decided request, or a kind that makes no release, has
 * none (`reason` says why); so has a request whose documents are not solutions documents.
 */
export async function getChangeSummary(db: Db, opts: { actor: Actor; id: string }): Promise<ChangeSummaryResponse> {
  let pending;
  try {
    pending = await loadPendingCandidate(db, opts.actor, opts.id);
  } catch (e) {
    if (isAppError(e) && (e.code === "conflict" || e.code === "unprocessable")) return { summary: null, reason: e.message };
    throw e;
  }
  const app = await getApp(db, pending.request.app);
  const live = await getLiveRelease(db, pending.request.app);
  try {
    const summary = describeChange({
      before: live ? { document: live.document, versions: live.versions } : null,
      after: pending.content,
      appSettings: { bucketCount: app.bucketCount, hashKey: app.hashKey, salt: app.salt },
    });
    return { summary: { live: live ? { releaseId: live.id, seq: live.seq } : null, ...summary }, reason: null };
  } catch (e) {
    if (isAppError(e) && e.code === "bad_request") return { summary: null, reason: `Not a solutions document: ${e.message}` };
    throw e;
  }
}
