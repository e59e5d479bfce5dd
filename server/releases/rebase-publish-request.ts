import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { actorId } from "@/server/approvals/actor-id";
import { applyChangeRequestEdit } from "@/server/approvals/apply-change-request-edit";
import type { ChangeRequestDto } from "@/server/approvals/change-request-dto";
import { loadChangeRequest } from "@/server/approvals/load-change-request";
import { getApp } from "@/server/apps/get-app";
import type { Actor } from "@/server/auth/actor";
import { can } from "@/server/contracts/roles";
import { diffContent } from "@/sdk/src/core/releases/release-diff";
import { conflict, forbidden, unprocessable } from "@/server/errors";
import { buildReleaseContent } from "./build-release-content";
import { assertNoDuplicateRequest } from "./find-duplicate-request";
import { getLatestContent } from "./get-latest-content";
import { readPublishPayload, type PublishPayload } from "./publish-payload";
import { hashContent, sameContent } from "./release-content";

/**
 * The requester (or an admin) rebuilds a pending publish on the app's latest release: the same
 * change, a new base, the diff computed again against it; every approval given so far is
 * withdrawn (apply-change-request-edit.ts), since reviewers read another diff. A request already
 * built on the latest release, one that would now change nothing, and one that would duplicate
 * another pending request are refused, and nothing changes.
 */
export async function rebasePublishRequest(db: Db, opts: { actor: Actor; request: ChangeRequestDto; version: number }): Promise<ChangeRequestDto> {
  return db.transaction(async (tx) => {
    await tx.select({ name: apps.name }).from(apps).where(eq(apps.name, opts.request.app)).for("update");
    const { row, request } = await loadChangeRequest(tx, opts.request.id, { lock: true });
    const isAdmin = opts.actor.type === "user" && can(opts.actor.role, "admin");
    if (actorId(opts.actor) !== row.requestedById && !isAdmin) throw forbidden("Only the requester or an admin re-bases a request.");
    if (row.state !== "pending") throw conflict(`This request is already ${row.state}.`, { state: row.state });
    const payload = readPublishPayload(request.payload);
    const latest = await getLatestContent(tx, request.app);
    const baseReleaseId = latest?.releaseId ?? null;
    if (payload.baseReleaseId === baseReleaseId) throw unprocessable("This request is already built on the latest release.", { baseReleaseId });
    // The bucket settings it was asked with (its stored document carries them), as on approval.
    const content = buildReleaseContent(await getApp(tx, request.app), latest, payload.change, { appBlock: "as-given" });
    if (sameContent(latest, content)) {
      throw unprocessable("Nothing left to publish: the latest release already has this content. Withdraw the request.", { latestReleaseId: baseReleaseId });
    }
    const contentHash = hashContent(content);
    await assertNoDuplicateRequest(tx, { app: request.app, baseReleaseId, contentHash, exceptId: request.id });
    const next: PublishPayload = { ...payload, baseReleaseId, contentHash };
    return applyChangeRequestEdit(tx, {
      actor: opts.actor,
      id: request.id,
      version: opts.version,
      comment: request.comment,
      payload: next,
      diff: diffContent(latest, content),
    });
  });
}
