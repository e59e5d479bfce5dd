import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apps } from "@/db/schema";
import { applyChangeRequestEdit } from "@/server/approvals/apply-change-request-edit";
import { loadChangeRequest } from "@/server/approvals/load-change-request";
import { getApp } from "@/server/apps/get-app";
import type { Actor } from "@/server/auth/actor";
import { diffContent } from "@/sdk/src/core/releases/release-diff";
import { EditPublishChangeSchema, type EditPublishChangeInput } from "@/server/contracts/releases";
import { unprocessable } from "@/server/errors";
import { buildReleaseContent, settledChange } from "./build-release-content";
import { getLatestContent } from "./get-latest-content";
import { PUBLISH_KIND, type PublishPayload } from "./publish-payload";
import { assertNoDuplicateRequest } from "./find-duplicate-request";
import { hashContent, sameContent } from "./release-content";
import { describeChange } from "./submit-release";

/**
 * Replaces the change of a pending publish request; its approvals are withdrawn
 * (apply-change-request-edit.ts). The new document is checked like any publish's, before
 * anything changes; the request is rebuilt on the latest release (its new base), and an edit
 * that would duplicate another pending request is refused (409 naming it).
 */
export async function editPublishChange(db: Db, opts: { actor: Actor; app: string; id: string; input: EditPublishChangeInput }) {
  const input = EditPublishChangeSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    // The app's row lock: duplicates are checked against other requests of the app one at a time.
    await tx.select({ name: apps.name }).from(apps).where(eq(apps.name, opts.app)).for("update");
    const { request } = await loadChangeRequest(tx, opts.id);
    if (request.kind !== PUBLISH_KIND || request.app !== opts.app) throw unprocessable(`This request is not a publish of ${opts.app}.`);
    const latest = await getLatestContent(tx, opts.app);
    const content = buildReleaseContent(await getApp(tx, opts.app), latest, input.change, { appBlock: "pending" });
    if (sameContent(latest, content)) throw unprocessable("Nothing to publish: the content equals the latest release.");
    const baseReleaseId = latest?.releaseId ?? null;
    const contentHash = hashContent(content);
    await assertNoDuplicateRequest(tx, { app: opts.app, baseReleaseId, contentHash, exceptId: opts.id });
    const payload: PublishPayload = { change: settledChange(input.change, content), baseReleaseId, rollbackOf: null, contentHash };
    return applyChangeRequestEdit(tx, {
      actor: opts.actor,
      id: opts.id,
      version: input.version,
      title: `Publish ${opts.app}: ${describeChange(input.change)}`,
      comment: input.comment,
      payload,
      diff: diffContent(latest, content),
    });
  });
}
