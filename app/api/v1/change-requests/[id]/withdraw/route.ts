import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { withdrawChangeRequest } from "@/server/approvals/withdraw-change-request";

export const POST = handle(api.withdrawChangeRequest, async ({ db, actor, params }) => withdrawChangeRequest(db, { actor, id: params.id }));
