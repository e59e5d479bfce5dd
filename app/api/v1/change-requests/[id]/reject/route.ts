import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { rejectChangeRequest } from "@/server/approvals/reject-change-request";

export const POST = handle(api.rejectChangeRequest, async ({ db, actor, params, body }) => rejectChangeRequest(db, { actor, id: params.id, input: body }));
