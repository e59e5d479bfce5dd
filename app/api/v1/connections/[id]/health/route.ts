import { api } from "@/server/contracts/api";
import { checkConnectionHealth } from "@/server/connections/check-connection-health";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getConnectionHealth, async ({ db, params }) => checkConnectionHealth(db, params.id));
