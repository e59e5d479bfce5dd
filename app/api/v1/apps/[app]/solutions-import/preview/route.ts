import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { previewImport } from "@/server/solutions/preview-import";

export const POST = handle(api.previewSolutionsImport, async ({ db, params, body }) => previewImport(db, { app: params.app, input: body }));
