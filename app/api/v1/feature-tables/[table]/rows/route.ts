import { api } from "@/server/contracts/api";
import { prepareRowsLoad } from "@/server/feature-tables/load-feature-rows";
import { loadRowsResponse } from "@/server/feature-tables/load-rows-response";
import { handle } from "@/server/http/handle";

export const POST = handle(api.loadFeatureRows, async ({ req, db, actor, params, body }) =>
  loadRowsResponse(req, await prepareRowsLoad(db, { actor, table: params.table, input: body })),
);
