import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { approvals, changeRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { can } from "@/server/contracts/roles";
import { conflict, forbidden } from "@/server/errors";
import { actorId } from "./actor-id";
import { auditSummary, type ChangeRequestDto } from "./change-request-dto";
import { loadChangeRequest } from "./load-change-request";

export interface ApplyChangeRequestEditOptions {
  actor: Actor;
  id: string;
  /** The version the edit was based on: a stale one is a 409 with the current request. */
  version: number;
  title?: string;
  comment: string;
  payload: unknown;
  diff?: unknown;
}

/**
 * Changes a pending request. Every approval given so far is withdrawn (reviewers approved
 * something else), and whoever edits it, when it is not the requester, may no longer approve it.
 */
export async function applyChangeRequestEdit(db: Db | Tx, opts: ApplyChangeRequestEditOptions): Promise<ChangeRequestDto> {
  return db.transaction(async (tx) => {
    const { row, request: before } = await loadChangeRequest(tx, opts.id, { lock: true });
    const me = actorId(opts.actor);
    const isEditor = opts.actor.type === "user" && can(opts.actor.role, "edit");
    if (me !== row.requestedById && !isEditor) throw forbidden("Only the requester or an editor changes a request.");
    if (row.state !== "pending") throw conflict(`This request is already ${row.state}; it cannot be changed.`, { state: row.state });
    if (row.version !== opts.version) {
      throw conflict(`This request was changed after you opened it (version ${row.version}, yours ${opts.version}).`, { current: before });
    }
    const now = new Date();
    await tx
      .update(approvals)
      .set({ withdrawnAt: now })
      .where(and(eq(approvals.changeRequestId, row.id), isNull(approvals.withdrawnAt)));
    await tx
      .update(changeRequests)
      .set({
        title: opts.title?.trim() || row.title,
        comment: opts.comment.trim(),
        payload: opts.payload ?? null,
        diff: opts.diff ?? null,
        excludedApprovers: me === row.requestedById || row.excludedApprovers.includes(me) ? row.excludedApprovers : [...row.excludedApprovers, me],
        revision: row.revision + 1,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(changeRequests.id, row.id));
    const { request } = await loadChangeRequest(tx, row.id);
    await recordAudit(tx, { actor: opts.actor, app: row.app, kind: "change_request", action: "edit", target: row.id, before: auditSummary(before), after: auditSummary(request) });
    return request;
  });
}
