import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getConfigCenterStatus } from "@/server/config-center/get-config-center-status";

export const GET = handle(api.getConfigCenterStatus, async ({ db }) => getConfigCenterStatus(db));
