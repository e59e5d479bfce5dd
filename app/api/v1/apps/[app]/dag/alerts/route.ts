import { api } from "@/server/contracts/api";
import { listDagAlerts } from "@/server/dag/status/list-dag-alerts";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listDagAlerts, async ({ db, params }) => listDagAlerts(db, params.app));
