import { api } from "@/server/contracts/api";
import { buildOpenApi } from "@/server/http/openapi";
import { handle } from "@/server/http/handle";

export const GET = handle(api.openapi, async () => buildOpenApi());
