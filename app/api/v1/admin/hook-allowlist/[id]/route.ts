import { api } from "@/server/contracts/api";
import { removeHookEndpoint } from "@/server/dag/allowlist/remove-hook-endpoint";
import { handle } from "@/server/http/handle";

export const DELETE = handle(api.removeHookAllowlistEntry, async ({ db, actor, params }) => removeHookEndpoint(db, { actor, id: params.id }));
