import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { PublishSolutionsSchema, type PublishSolutionsInput } from "@/server/contracts/solution-drafts";
import { conflict } from "@/server/errors";
import { requestRelease } from "@/server/releases/request-release";
import { exportSolutionsDocument } from "@/sdk/src/core/solutions/export-solutions-document";
import { getSolutionsDraft } from "./get-solutions-draft";
import { assertValidSplit } from "@/sdk/src/core/solutions/validate-split";

/**
 * Asks the config center to publish the app's draft as its solutions document, through the
 * release flow (a change request when the app needs approval, else a release at once). The
 * caller names the draft version they reviewed: publishing a draft changed since is a 409 with
 * the current draft, so nobody publishes a change they have not seen. Only a valid split can be
 * published (422 naming the buckets); a draft equal to the last release is a 422 from the
 * release flow.
 */
export async function publishSolutions(db: Db, opts: { actor: Actor; app: string; input: PublishSolutionsInput }) {
  const input = PublishSolutionsSchema.parse(opts.input);
  const draft = await getSolutionsDraft(db, opts.app);
  if (draft.version !== input.version) {
    throw conflict(
      `${draft.updatedBy ?? "Someone"} changed the solutions of ${opts.app} after you reviewed them (version ${draft.version}, yours ${input.version}): review the draft again before publishing.`,
      { current: draft },
    );
  }
  assertValidSplit(draft.app.bucketCount, draft.solutions);
  const document = exportSolutionsDocument({ appName: draft.app.name, solutions: draft.solutions, app: draft.app });
  return requestRelease(db, { actor: opts.actor, app: opts.app, comment: input.comment, change: { document } });
}
