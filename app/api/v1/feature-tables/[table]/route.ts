import { api } from "@/server/contracts/api";
import { getFeatureTable } from "@/server/feature-tables/get-feature-table";
import { updateFeatureTable } from "@/server/feature-tables/update-feature-table";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getFeatureTable, async ({ db, params }) => getFeatureTable(db, params.table));
export const PUT = handle(api.updateFeatureTable, async ({ db, actor, params, body }) => updateFeatureTable(db, { actor, name: params.table, input: body }));
