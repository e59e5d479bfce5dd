import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { rebaseChangeRequest } from "@/server/approvals/rebase-change-request";

export const POST = handle(api.rebaseChangeRequest, async ({ db, actor, params, body }) => rebaseChangeRequest(db, { actor, id: params.id, input: body }));
