import { api } from "@/server/contracts/api";
import { createConnection } from "@/server/connections/create-connection";
import { listConnections } from "@/server/connections/list-connections";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listConnections, async ({ db }) => ({ connections: await listConnections(db) }));
export const POST = handle(api.createConnection, async ({ db, actor, body }) => createConnection(db, { actor, input: body }));
