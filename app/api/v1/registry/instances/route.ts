import { api } from "@/server/contracts/api";
import { deregisterInstance } from "@/server/registry/deregister-instance";
import { listInstances } from "@/server/registry/list-instances";
import { registerInstance } from "@/server/registry/register-instance";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listInstances, async ({ db, query }) => ({ instances: await listInstances(db, { model: query.model }) }));
export const PUT = handle(api.registerInstance, async ({ db, actor, body }) => registerInstance(db, { actor, input: body }));
export const DELETE = handle(api.deregisterInstance, async ({ db, actor, body }) => deregisterInstance(db, { actor, ...body }));
