import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { saveSplit } from "@/server/solutions/save-split";

export const PUT = handle(api.saveSolutionsSplit, async ({ db, actor, params, body }) => saveSplit(db, { actor, app: params.app, input: body }));
