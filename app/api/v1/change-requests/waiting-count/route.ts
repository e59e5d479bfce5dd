import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { countWaiting } from "@/server/approvals/count-waiting";

export const GET = handle(api.countWaitingChangeRequests, async ({ db, actor }) => countWaiting(db, actor));
