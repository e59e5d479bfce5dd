import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { rollbackRelease } from "@/server/releases/rollback-release";

export const POST = handle(api.rollbackRelease, async ({ db, actor, params, body }) => rollbackRelease(db, { actor, app: params.app, releaseId: params.id, input: body }));
