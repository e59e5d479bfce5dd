import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { restoreDraftBackup } from "@/server/solutions/restore-draft-backup";

export const POST = handle(api.restoreDraftBackup, async ({ db, actor, params, body }) => restoreDraftBackup(db, { actor, app: params.app, input: body }));
