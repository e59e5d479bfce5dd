import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { approveChangeRequest } from "@/server/approvals/approve-change-request";

export const POST = handle(api.approveChangeRequest, async ({ db, actor, params, body }) => approveChangeRequest(db, { actor, id: params.id, input: body }));
