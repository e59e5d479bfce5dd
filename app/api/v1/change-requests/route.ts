import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { listChangeRequests } from "@/server/approvals/list-change-requests";

export const GET = handle(api.listChangeRequests, async ({ db, actor, query }) => ({ requests: await listChangeRequests(db, { actor, query }) }));
