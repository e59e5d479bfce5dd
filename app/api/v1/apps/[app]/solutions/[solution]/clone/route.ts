import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { cloneSolution } from "@/server/solutions/clone-solution";

export const POST = handle(api.cloneSolution, async ({ db, actor, params, body }) =>
  cloneSolution(db, { actor, app: params.app, name: params.solution, input: body }),
);
