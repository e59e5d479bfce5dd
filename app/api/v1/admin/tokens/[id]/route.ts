import { api } from "@/server/contracts/api";
import { revokeToken } from "@/server/tokens/revoke-token";
import { handle } from "@/server/http/handle";

export const DELETE = handle(api.revokeToken, async ({ db, actor, params }) => revokeToken(db, { actor, id: params.id }));
