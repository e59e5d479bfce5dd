import { api } from "@/server/contracts/api";
import { updateUser } from "@/server/users/update-user";
import { handle } from "@/server/http/handle";

export const PATCH = handle(api.updateUser, async ({ db, actor, params, body }) => updateUser(db, { actor, id: params.id, input: body }));
