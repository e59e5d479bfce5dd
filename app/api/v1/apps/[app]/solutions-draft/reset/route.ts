import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { resetDraftToLive } from "@/server/solutions/reset-draft-to-live";

export const POST = handle(api.resetDraftToLive, async ({ db, actor, params, body }) => resetDraftToLive(db, { actor, app: params.app, input: body }));
