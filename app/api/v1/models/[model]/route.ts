import { api } from "@/server/contracts/api";
import { getModel } from "@/server/models/get-model";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getModel, async ({ db, params }) => getModel(db, params.model));
