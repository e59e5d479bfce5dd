import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { editChangeRequest } from "@/server/approvals/edit-change-request";
import { getChangeRequest } from "@/server/approvals/get-change-request";

export const GET = handle(api.getChangeRequest, async ({ db, actor, params }) => getChangeRequest(db, { actor, id: params.id }));
export const PATCH = handle(api.editChangeRequest, async ({ db, actor, params, body }) => editChangeRequest(db, { actor, id: params.id, input: body }));
