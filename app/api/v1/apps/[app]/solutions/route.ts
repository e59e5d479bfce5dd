import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { createSolution } from "@/server/solutions/create-solution";
import { getSolutionsDraft } from "@/server/solutions/get-solutions-draft";

export const GET = handle(api.getSolutions, async ({ db, params }) => getSolutionsDraft(db, params.app));
export const POST = handle(api.createSolution, async ({ db, actor, params, body }) => createSolution(db, { actor, app: params.app, input: body }));
