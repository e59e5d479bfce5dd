import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getAlertSettings, updateAlertSettings } from "@/server/telemetry/alerts/alert-settings";

export const GET = handle(api.getLiveAlertSettings, async ({ db, params }) => getAlertSettings(db, params.app));

export const PUT = handle(api.updateLiveAlertSettings, async ({ db, actor, params, body }) => updateAlertSettings(db, { actor, app: params.app, input: body }));
