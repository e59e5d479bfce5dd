import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { can } from "@/server/contracts/roles";
import type { ReleaseContent } from "@/server/contracts/releases";
import { conflict, forbidden, unprocessable } from "@/server/errors";
import { changeKindHandler } from "./change-kinds";
import type { ChangeRequestDto } from "./change-request-dto";
import { loadChangeRequest } from "./load-change-request";

/**
 * The release a pending request would make if approved now (its kind's candidate, as
 * verification scores it), for whoever may see the request: every signed-in person (the
 * Approvals list is theirs to read); a token or the system may not (403). An unknown request
 * is a 404; a decided one a 409 (its release, if any, is in the release history); a kind that
 * makes no release a 422.
 */
export async function loadPendingCandidate(db: Db, actor: Actor, id: string): Promise<{ request: ChangeRequestDto; content: ReleaseContent }> {
  if (actor.type !== "user" || !can(actor.role, "read")) throw forbidden("Only people who may read change requests can use one's content.");
  const { request } = await loadChangeRequest(db, id);
  if (request.state !== "pending") {
    throw conflict(`Change request ${id} is ${request.state}: only a pending request has a candidate to try.`, { id, state: request.state });
  }
  const candidate = changeKindHandler(request.kind)?.candidate;
  if (!candidate) throw unprocessable(`A ${request.kind} request makes no release: there is no candidate configuration to try.`, { id, kind: request.kind });
  const { content } = await candidate(db, request);
  return { request, content };
}
