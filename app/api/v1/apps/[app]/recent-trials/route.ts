import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { listRecentTrials } from "@/server/samples/list-recent-trials";

export const GET = handle(api.listRecentTrials, async ({ db, params }) => listRecentTrials(db, params.app));
