import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { changeRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { can } from "@/server/contracts/roles";
import { conflict, forbidden } from "@/server/errors";
import { actorId, actorLabel } from "./actor-id";
import { runAfterCommit, type ChangeKindEffects } from "./change-kind-handler";
import { changeKindHandler } from "./change-kinds";
import { auditSummary, type ChangeRequestDto } from "./change-request-dto";
import { loadChangeRequest } from "./load-change-request";

/** The requester (or an admin) takes a pending request back; it can no longer be approved. */
export async function withdrawChangeRequest(db: Db, opts: { actor: Actor; id: string }): Promise<ChangeRequestDto> {
  let effects: ChangeKindEffects | void = undefined;
  const result = await db.transaction(async (tx) => {
    const { row, request: before } = await loadChangeRequest(tx, opts.id, { lock: true });
    const isAdmin = opts.actor.type === "user" && can(opts.actor.role, "admin");
    if (actorId(opts.actor) !== row.requestedById && !isAdmin) throw forbidden("Only the requester or an admin withdraws a request.");
    if (row.state !== "pending") throw conflict(`This request is already ${row.state}.`, { state: row.state });
    await tx.update(changeRequests).set({ state: "withdrawn", decidedAt: new Date(), decidedBy: actorLabel(opts.actor), updatedAt: new Date() }).where(eq(changeRequests.id, row.id));
    const { request } = await loadChangeRequest(tx, row.id);
    effects = await changeKindHandler(row.kind)?.onWithdrawn?.(tx, request, opts.actor);
    await recordAudit(tx, { actor: opts.actor, app: row.app, kind: "change_request", action: "withdraw", target: row.id, before: auditSummary(before), after: auditSummary(request) });
    return request;
  });
  runAfterCommit(effects);
  return result;
}
