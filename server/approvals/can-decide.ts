import type { Actor } from "@/server/auth/actor";
import type { ChangeRequest } from "@/server/contracts/approvals";
import { can } from "@/server/contracts/roles";
import { AppError, conflict, forbidden } from "@/server/errors";
import { actorId } from "./actor-id";

/** Why this actor may not approve or reject the request now, or null when they may. */
export function whyNotDecide(actor: Actor, request: ChangeRequest): AppError | null {
  if (actor.type !== "user" || !can(actor.role, "review")) return forbidden("Only reviewers approve or reject change requests.");
  if (request.state !== "pending") return conflict(`This request is already ${request.state}.`, { state: request.state });
  const me = actorId(actor);
  if (me === request.requestedById) return forbidden("Nobody approves or rejects their own request.");
  if (request.excludedApprovers.includes(me)) return forbidden("You changed this request, so someone else must review it.");
  if (request.approvals.some((a) => a.reviewerId === me && a.decision === "approve" && !a.withdrawnAt)) {
    return conflict("You already approved this request.");
  }
  return null;
}

/** Does the request wait for this actor's decision? (the Approvals page and the count in the navigation) */
export function isWaitingFor(actor: Actor, request: ChangeRequest): boolean {
  return whyNotDecide(actor, request) === null;
}
