import type { Db } from "@/db";
import { applyChangeRequestEdit } from "@/server/approvals/apply-change-request-edit";
import { loadChangeRequest } from "@/server/approvals/load-change-request";
import { getApp } from "@/server/apps/get-app";
import type { Actor } from "@/server/auth/actor";
import { diffContent } from "@/sdk/src/core/releases/release-diff";
import { EditPublishChangeSchema, type EditPublishChangeInput } from "@/server/contracts/releases";
import { unprocessable } from "@/server/errors";
import { buildReleaseContent } from "./build-release-content";
import { getLatestContent } from "./get-latest-content";
import { PUBLISH_KIND, type PublishPayload } from "./publish-payload";
import { sameContent } from "./release-content";
import { describeChange } from "./submit-release";

/**
 * Replaces the change of a pending publish request; its approvals are withdrawn
 * (apply-change-request-edit.ts). The new document is checked like any publish's, before
 * anything changes.
 */
export async function editPublishChange(db: Db, opts: { actor: Actor; app: string; id: string; input: EditPublishChangeInput }) {
  const input = EditPublishChangeSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const { request } = await loadChangeRequest(tx, opts.id);
    if (request.kind !== PUBLISH_KIND || request.app !== opts.app) throw unprocessable(`This request is not a publish of ${opts.app}.`);
    const latest = await getLatestContent(tx, opts.app);
    const content = buildReleaseContent(await getApp(tx, opts.app), latest, input.change, { appBlock: "check" });
    if (sameContent(latest, content)) throw unprocessable("Nothing to publish: the content equals the latest release.");
    const payload: PublishPayload = { change: input.change, baseReleaseId: latest?.releaseId ?? null, rollbackOf: null };
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
