import { api } from "@/server/contracts/api";
import { validateFeatureTemplates } from "@/server/feature-tables/validate-feature-templates";
import { handle } from "@/server/http/handle";

export const POST = handle(api.checkTemplates, async ({ db, body }) => validateFeatureTemplates(db, body));
