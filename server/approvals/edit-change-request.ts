import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { EditChangeRequestSchema, type EditChangeRequestInput } from "@/server/contracts/approvals";
import { badRequest } from "@/server/errors";
import { applyChangeRequestEdit } from "./apply-change-request-edit";
import { changeKindHandler } from "./change-kinds";
import { loadChangeRequest } from "./load-change-request";
import { verifyAfterCommit } from "./start-request-verification";

/**
 * The API's edit of any change request: a kind that edits its change (a publish: its diff is
 * computed again) may get a new one, any other kind a new comment. Either way earlier
 * approvals are withdrawn.
 */
export async function editChangeRequest(db: Db, opts: { actor: Actor; id: string; input: EditChangeRequestInput }) {
  const input = EditChangeRequestSchema.parse(opts.input);
  const { row, request } = await loadChangeRequest(db, opts.id);
  if (input.change) {
    const editChange = changeKindHandler(request.kind)?.editChange;
    if (!editChange) throw badRequest(`A "${request.kind}" request takes a new comment only.`, { field: "change" });
    const edited = await editChange(db, { actor: opts.actor, request, version: input.version, comment: input.comment, change: input.change });
    await verifyAfterCommit(db, opts.actor, edited);
    return edited;
  }
  // A new comment only: the payload (a rollback's whole content, a promotion…) stays as it is,
  // secrets included (the request's payload is the masked one people see). It is a new revision
  // all the same, and a report is for one revision: verify it again.
  const edited = await applyChangeRequestEdit(db, { actor: opts.actor, id: opts.id, version: input.version, comment: input.comment, payload: row.payload, diff: request.diff });
  await verifyAfterCommit(db, opts.actor, edited);
  return edited;
}
