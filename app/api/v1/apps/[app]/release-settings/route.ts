import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getApp } from "@/server/apps/get-app";
import { getReleaseSettings } from "@/server/releases/get-release-settings";
import { updateReleaseSettings } from "@/server/releases/update-release-settings";

export const GET = handle(api.getReleaseSettings, async ({ db, params }) => (await getApp(db, params.app), getReleaseSettings(db, params.app)));
export const PUT = handle(api.updateReleaseSettings, async ({ db, actor, params, body }) => updateReleaseSettings(db, { actor, app: params.app, input: body }));
