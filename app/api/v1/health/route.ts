import { api } from "@/server/contracts/api";
import { checkHealth } from "@/server/system/check-health";
import { handle } from "@/server/http/handle";

export const GET = handle(api.health, async ({ db }) => checkHealth(db));
