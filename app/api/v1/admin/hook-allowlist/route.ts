import { api } from "@/server/contracts/api";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import { listHookEndpoints } from "@/server/dag/allowlist/list-hook-endpoints";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listHookAllowlist, async ({ db }) => listHookEndpoints(db));
export const POST = handle(api.addHookAllowlistEntry, async ({ db, actor, body }) => addHookEndpoint(db, { actor, input: body }));
