import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { modelVersionUsedBy } from "@/server/models/model-version-used-by";

export const GET = handle(api.getModelVersionUsedBy, ({ db, params }) => modelVersionUsedBy(db, { model: params.model, version: params.version }));
