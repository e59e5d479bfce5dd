import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { addAllowlistEntry } from "@/server/registry/allowlist/add-allowlist-entry";
import { listAllowlist } from "@/server/registry/allowlist/list-allowlist";

export const GET = handle(api.listInstanceAllowlist, async ({ db }) => listAllowlist(db));
export const POST = handle(api.addInstanceAllowlistEntry, async ({ db, actor, body }) => addAllowlistEntry(db, { actor, input: body }));
