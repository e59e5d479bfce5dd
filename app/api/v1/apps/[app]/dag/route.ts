import { api } from "@/server/contracts/api";
import { getDag } from "@/server/dag/documents/get-dag";
import { saveDag } from "@/server/dag/documents/save-dag";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getDag, async ({ db, params }) => getDag(db, params.app));
export const PUT = handle(api.saveDag, async ({ db, actor, params, body }) => saveDag(db, { actor, app: params.app, input: body }));
