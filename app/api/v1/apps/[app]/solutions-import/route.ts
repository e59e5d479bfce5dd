import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { importSolutions } from "@/server/solutions/import-solutions";

export const POST = handle(api.importSolutions, async ({ db, actor, params, body }) => importSolutions(db, { actor, app: params.app, input: body }));
