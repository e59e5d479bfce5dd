import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { startVerification } from "@/server/verification/run-verification";
import { changeKindHandler } from "./change-kinds";
import type { ChangeRequestDto } from "./change-request-dto";
import { logError } from "@/server/log/loggable-error";
import { listenForRequestVerifications } from "@/server/notifications/notify-request-verification";

/**
 * Starts verifying what a pending request would release now (docs/verification.md, Approval):
 * the report's subject is the request at its current revision. Null for a kind that makes no
 * release. Call it with the database once the request's transaction has committed.
 */
export async function startRequestVerification(db: Db, opts: { actor: Actor; request: ChangeRequestDto }): Promise<string | null> {
  // Its requester hears if it fails (server/notifications).
  listenForRequestVerifications();
  const candidate = changeKindHandler(opts.request.kind)?.candidate;
  if (!candidate || opts.request.state !== "pending") return null;
  const { content, baseReleaseId } = await candidate(db, opts.request);
  return startVerification(db, {
    app: opts.request.app,
    subject: { kind: "change_request", id: opts.request.id, revision: opts.request.revision },
    content,
    baseReleaseId,
    actor: opts.actor,
  });
}

/**
 * The run after a create, edit or re-base: the request is committed whatever happens here, so
 * a failure to start is logged (approval then says "verification_missing" and offers a re-run).
 */
export async function verifyAfterCommit(db: Db, actor: Actor, request: ChangeRequestDto | null | undefined): Promise<void> {
  if (!request) return;
  try {
    await startRequestVerification(db, { actor, request });
  } catch (e) {
    logError(`[verification] could not start verifying change request ${request.id}`, e);
  }
}
