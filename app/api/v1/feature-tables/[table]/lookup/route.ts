import { api } from "@/server/contracts/api";
import { lookupFeatureKey } from "@/server/feature-tables/lookup-feature-key";
import { handle } from "@/server/http/handle";

export const GET = handle(api.lookupFeatureKey, async ({ db, params, query }) => lookupFeatureKey(db, { table: params.table, key: query.key }));
