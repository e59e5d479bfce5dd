import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { readLive } from "@/server/telemetry/read-live";

export const GET = handle(api.getLive, async ({ db, params, query }) => readLive(db, { app: params.app, query }));
