import { api } from "@/server/contracts/api";
import { setDataVersion } from "@/server/dag/nodes/set-data-version";
import { handle } from "@/server/http/handle";

export const PUT = handle(api.setDagDataVersion, async ({ db, actor, params, body }) => setDataVersion(db, { actor, app: params.app, key: params.key, input: body }));
