import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getDraftStatus } from "@/server/solutions/get-draft-status";

export const GET = handle(api.getDraftStatus, async ({ db, params }) => getDraftStatus(db, params.app));
