import { api } from "@/server/contracts/api";
import { checkTableHealth } from "@/server/feature-tables/check-table-health";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getFeatureTableHealth, async ({ db, params }) => checkTableHealth(db, params.table));
