import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getChangeSummary } from "@/server/approvals/get-change-summary";

export const GET = handle(api.getChangeRequestSummary, async ({ db, actor, params }) => getChangeSummary(db, { actor: actor!, id: params.id }));
