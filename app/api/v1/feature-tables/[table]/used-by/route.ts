import { api } from "@/server/contracts/api";
import { featureTableUsedBy } from "@/server/feature-tables/feature-table-used-by";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getFeatureTableUsedBy, ({ db, params }) => featureTableUsedBy(db, { table: params.table }));
