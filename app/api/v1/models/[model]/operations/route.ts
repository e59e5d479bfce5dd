import { api } from "@/server/contracts/api";
import { listOperations } from "@/server/models/operations/list-operations";
import { startModelOperation } from "@/server/models/operations/start-operation";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listModelOperations, async ({ db, params }) => ({ operations: await listOperations(db, params.model) }));
export const POST = handle(api.startModelOperation, async ({ db, actor, params, body }) => {
  const { operation } = await startModelOperation(db, { actor, model: params.model, request: body });
  return operation;
});
