import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { editRequest } from "@/server/approvals/edit-request";
import { getChangeRequest } from "@/server/approvals/get-change-request";

export const GET = handle(api.getChangeRequest, async ({ db, actor, params }) => getChangeRequest(db, { actor, id: params.id }));
export const PATCH = handle(api.editChangeRequest, async ({ db, actor, params, body }) => editRequest(db, { actor, id: params.id, input: body }));
