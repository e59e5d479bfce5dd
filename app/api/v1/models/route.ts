import { api } from "@/server/contracts/api";
import { createModel } from "@/server/models/create-model";
import { listModels } from "@/server/models/list-models";
import { handle } from "@/server/http/handle";
import { isAdmin } from "@/server/http/is-admin";

export const GET = handle(api.listModels, async ({ db, actor }) => ({ models: await listModels(db, { revealDetail: isAdmin(actor) }) }));
export const POST = handle(api.createModel, async ({ db, actor, body }) => createModel(db, { actor, input: body }));
