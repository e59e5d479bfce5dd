import { api } from "@/server/contracts/api";
import { lookupFeatureKeys } from "@/server/feature-tables/lookup-feature-keys";
import { handle } from "@/server/http/handle";

export const POST = handle(api.lookupFeatureKeys, async ({ db, body }) => lookupFeatureKeys(db, body));
