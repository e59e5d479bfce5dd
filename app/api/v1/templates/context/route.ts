import { api } from "@/server/contracts/api";
import { getTemplateContext } from "@/server/feature-tables/get-template-context";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getTemplateContext, async ({ db, query }) => getTemplateContext(db, query.app));
