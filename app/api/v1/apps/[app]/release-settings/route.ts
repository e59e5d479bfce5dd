import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { readReleaseSettings } from "@/server/releases/read-release-settings";
import { updateReleaseSettings } from "@/server/releases/update-release-settings";

export const GET = handle(api.getReleaseSettings, async ({ db, params }) => readReleaseSettings(db, params.app));
export const PUT = handle(api.updateReleaseSettings, async ({ db, actor, params, body }) => updateReleaseSettings(db, { actor, app: params.app, input: body }));
