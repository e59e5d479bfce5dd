import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { RebaseChangeRequestSchema, type RebaseChangeRequestInput } from "@/server/contracts/approvals";
import { unprocessable } from "@/server/errors";
import { changeKindHandler } from "./change-kinds";
import type { ChangeRequestDto } from "./change-request-dto";
import { loadChangeRequest } from "./load-change-request";
import { verifyAfterCommit } from "./start-request-verification";

/** The API's re-base: a kind built on a release (a publish) is rebuilt on the latest one. */
export async function rebaseChangeRequest(db: Db, opts: { actor: Actor; id: string; input: RebaseChangeRequestInput }): Promise<ChangeRequestDto> {
  const input = RebaseChangeRequestSchema.parse(opts.input);
  const { request } = await loadChangeRequest(db, opts.id);
  const rebase = changeKindHandler(request.kind)?.rebase;
  if (!rebase) throw unprocessable(`A "${request.kind}" request is not built on a release; there is nothing to re-base.`, { kind: request.kind });
  const rebased = await rebase(db, { actor: opts.actor, request, version: input.version });
  await verifyAfterCommit(db, opts.actor, rebased);
  return rebased;
}
