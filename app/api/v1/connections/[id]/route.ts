import { api } from "@/server/contracts/api";
import { deleteConnection } from "@/server/connections/delete-connection";
import { updateConnection } from "@/server/connections/update-connection";
import { handle } from "@/server/http/handle";

export const PUT = handle(api.updateConnection, async ({ db, actor, params, body }) => updateConnection(db, { actor, id: params.id, input: body }));
export const DELETE = handle(api.deleteConnection, async ({ db, actor, params }) => deleteConnection(db, { actor, id: params.id }));
