import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { createChangeRequest, type ChangeRequestDto } from "@/server/approvals/create-change-request";
import { actorId, actorLabel } from "@/server/approvals/actor-id";
import { verifyAfterCommit } from "@/server/approvals/start-request-verification";
import type { Actor } from "@/server/auth/actor";
import { getApp } from "@/server/apps/get-app";
import { diffContent } from "@/sdk/src/core/releases/release-diff";
import { unprocessable } from "@/server/errors";
import { notifyOutbox } from "@/server/outbox/outbox-signal";
import { buildReleaseContent, settledChange } from "./build-release-content";
import { createRelease } from "./create-release";
import { assertNoDuplicateRequest } from "./find-duplicate-request";
import { getLatestContent } from "./get-latest-content";
import { getReleaseSettings } from "./get-release-settings";
import { PUBLISH_KIND, type PublishPayload } from "./publish-payload";
import { hashContent, sameContent, type ReleaseContent, type StoredChange } from "./release-content";
import type { ReleaseDto } from "./release-dto";
import { verifyHeldReleases } from "./held/verify-held-releases";

export interface SubmitReleaseOptions {
  actor: Actor;
  app: string;
  comment: string;
  change: StoredChange;
  automatic?: boolean;
  rollbackOf?: { id: string; seq: number } | null;
  /** A rollback: output nodes to hold as the release is created (plan-rollback.ts). */
  holds?: string[];
  /** A rollback: what its diff is from (live, the latest delivered release) instead of the latest release. */
  diffFrom?: ReleaseContent | null;
  /**
   * false when `db` is the caller's transaction (the DAG's output writes): the caller starts the
   * held release's verification after its commit. (Not `instanceof PgTransaction`: Next.js may
   * bundle drizzle's classes twice, and a run started on a transaction dies with it.)
   */
  verifyAfterCommit?: boolean;
}

/**
 * A publish or rollback: a change request when the app needs approval, else the release and
 * its outbox record at once. Automatic publishes (DAG output nodes) never need approval, and
 * one that changes nothing is dropped; a person's publish that changes nothing is refused.
 * A new document is checked before anything is written (build-release-content.ts: 400 for a
 * malformed one, 422 for a split with gaps or overlaps), whoever sends it. A request records
 * its base (the latest release) and the hash of what it would publish; a second pending one
 * with the same base and hash is refused (409 naming the first).
 * A release made without review is held (delivery state `verifying`) and verified once it has
 * committed; it goes to the outbox's queue only when verified (held/finish-held-release.ts).
 * Called inside a caller's transaction (the DAG's output writes), the caller starts the run
 * after its commit (verifyHeldReleases).
 */
export async function submitRelease(db: Db, opts: SubmitReleaseOptions): Promise<{ changeRequest: ChangeRequestDto | null; release: ReleaseDto | null }> {
  const result = await db.transaction(async (tx) => {
    // The app's row lock orders this against other requests and releases of the app (duplicates, seq).
    await tx.select({ name: apps.name }).from(apps).where(eq(apps.name, opts.app)).for("update");
    const app = await getApp(tx, opts.app);
    const latest = await getLatestContent(tx, opts.app);
    // Bucket settings go out only with a publish someone asks for (reviewed when the app needs approval).
    const content = buildReleaseContent(app, latest, opts.change, { appBlock: opts.automatic || opts.rollbackOf ? "live" : "pending" });
    const change = settledChange(opts.change, content);
    if (sameContent(latest, content)) {
      if (opts.automatic) return { changeRequest: null, release: null };
      throw unprocessable("Nothing to publish: the content equals the latest release.", { latestReleaseId: latest?.releaseId });
    }
    const settings = await getReleaseSettings(tx, opts.app);
    if (opts.automatic || !settings.requiresApproval) {
      const release = await createRelease(tx, {
        actor: opts.actor,
        app: opts.app,
        author: { id: actorId(opts.actor), name: actorLabel(opts.actor) },
        approvers: [],
        comment: opts.comment,
        change,
        rollbackOf: opts.rollbackOf?.id ?? null,
        automatic: opts.automatic ?? false,
        holds: opts.holds,
        verification: { hold: true },
      });
      return { changeRequest: null, release };
    }
    const baseReleaseId = latest?.releaseId ?? null;
    const contentHash = hashContent(content);
    await assertNoDuplicateRequest(tx, { app: opts.app, baseReleaseId, contentHash });
    const payload: PublishPayload = { change, baseReleaseId, rollbackOf: opts.rollbackOf?.id ?? null, contentHash, ...(opts.holds?.length ? { holds: opts.holds } : {}) };
    const changeRequest = await createChangeRequest(tx, {
      actor: opts.actor,
      app: opts.app,
      kind: PUBLISH_KIND,
      title: opts.rollbackOf ? `Roll ${opts.app} back to release #${opts.rollbackOf.seq}` : `Publish ${opts.app}: ${describeChange(opts.change)}`,
      payload,
      diff: diffContent(opts.diffFrom !== undefined ? opts.diffFrom : latest, content),
      comment: opts.comment,
      requiredApprovals: settings.requiredApprovals,
    });
    return { changeRequest, release: null };
  });
  if (result.release) notifyOutbox();
  if (result.release?.delivery.state === "verifying" && opts.verifyAfterCommit !== false) await verifyHeldReleases(db, { releaseIds: [result.release.id] });
  // A request is verified once it is committed (the run holds no transaction).
  if (result.changeRequest) await verifyAfterCommit(db, opts.actor, result.changeRequest);
  return result;
}

export function describeChange(change: StoredChange): string {
  const parts: string[] = [];
  if (change.document !== undefined) parts.push("solutions document");
  const keys = Object.keys(change.versions ?? {});
  if (keys.length === 1) parts.push(`version ${keys[0]}`);
  else if (keys.length > 1) parts.push(`${keys.length} versions`);
  return parts.join(" and ") || "no change";
}
