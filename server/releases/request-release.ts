import type { Db } from "@/db";
import type { ChangeRequestDto } from "@/server/approvals/create-change-request";
import type { Actor } from "@/server/auth/actor";
import { ReleaseChangeSchema, ReleaseCommentSchema } from "@/server/contracts/releases";
import { badRequest } from "@/server/errors";
import type { ReleaseDto } from "./release-dto";
import { submitRelease } from "./submit-release";

export type { ReleaseContent } from "./release-content";
export type { ReleaseDto } from "./release-dto";
export type { ChangeRequestDto } from "@/server/approvals/create-change-request";

/**
 * Merges `change` into the content of the app's latest release — the document is replaced
 * when given, versions are merged key by key (a DAG output node names only its own keys) —
 * computes the diff, and either creates a change request of kind "publish" (when the app's
 * settings require approval; default yes, 1 approval) or creates the release + outbox record
 * at once. Automatic publishes never need approval; one that changes nothing returns
 * `{ changeRequest: null, release: null }`. A person's publish that changes nothing is a 422.
 */
export async function requestRelease(
  db: Db,
  opts: {
    actor: Actor;
    app: string;
    comment: string;
    change: { document?: unknown; versions?: Record<string, string> };
    /** true for machine-driven publishes (DAG output nodes): never needs approval. */
    automatic?: boolean;
    /** false when `db` is the caller's transaction: it verifies the held release after its commit (submit-release.ts). */
    verifyAfterCommit?: boolean;
  },
): Promise<{ changeRequest: ChangeRequestDto | null; release: ReleaseDto | null }> {
  const comment = ReleaseCommentSchema.safeParse(opts.comment);
  if (!comment.success) throw badRequest(`Invalid comment: ${comment.error.issues[0]?.message}`, { field: "comment" });
  const change = ReleaseChangeSchema.safeParse(opts.change);
  if (!change.success) {
    const issue = change.error.issues[0];
    throw badRequest(`Invalid change${issue?.path.length ? ` field "${issue.path.join(".")}"` : ""}: ${issue?.message}`, {
      issues: change.error.issues.map((i) => ({ path: ["change", ...i.path].join("."), message: i.message })),
    });
  }
  return submitRelease(db, { actor: opts.actor, app: opts.app, comment: comment.data, change: change.data, automatic: opts.automatic, verifyAfterCommit: opts.verifyAfterCommit });
}
