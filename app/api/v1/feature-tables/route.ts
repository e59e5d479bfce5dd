import { api } from "@/server/contracts/api";
import { createFeatureTable } from "@/server/feature-tables/create-feature-table";
import { listFeatureTables } from "@/server/feature-tables/list-feature-tables";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listFeatureTables, async ({ db }) => ({ tables: await listFeatureTables(db) }));
export const POST = handle(api.createFeatureTable, async ({ db, actor, body }) => createFeatureTable(db, { actor, input: body }));
