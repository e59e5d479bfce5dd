import { api } from "@/server/contracts/api";
import { getOperation } from "@/server/models/operations/list-operations";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getModelOperation, async ({ db, params }) => getOperation(db, params.model, params.id));
