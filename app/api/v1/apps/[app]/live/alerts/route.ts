import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { listLiveAlerts } from "@/server/telemetry/alerts/list-live-alerts";

export const GET = handle(api.listLiveAlerts, async ({ db, params, query }) => ({ alerts: await listLiveAlerts(db, { app: params.app, query }) }));
