import { api } from "@/server/contracts/api";
import { getSignatures } from "@/server/models/get-signatures";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getSignatures, async ({ db, params, query }) => getSignatures(db, { model: params.model, version: query.version }));
