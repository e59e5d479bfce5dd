import { api } from "@/server/contracts/api";
import { listNodeEvents } from "@/server/dag/status/list-node-events";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listDagNodeEvents, async ({ db, params }) => listNodeEvents(db, { app: params.app, key: params.key }));
