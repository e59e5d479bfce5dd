import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { removeAllowlistEntry } from "@/server/registry/allowlist/remove-allowlist-entry";

export const DELETE = handle(api.removeInstanceAllowlistEntry, async ({ db, actor, params }) => removeAllowlistEntry(db, { actor, id: params.id }));
