import { api } from "@/server/contracts/api";
import { getModel } from "@/server/models/get-model";
import { handle } from "@/server/http/handle";
import { isAdmin } from "@/server/http/is-admin";

export const GET = handle(api.getModel, async ({ db, actor, params }) => getModel(db, params.model, { revealDetail: isAdmin(actor) }));
