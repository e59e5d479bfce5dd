import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { publishSolutions } from "@/server/solutions/publish-solutions";

export const POST = handle(api.publishSolutions, async ({ db, actor, params, body }) => publishSolutions(db, { actor, app: params.app, input: body }));
