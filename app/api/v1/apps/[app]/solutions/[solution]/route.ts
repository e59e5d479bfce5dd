import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { deleteSolution } from "@/server/solutions/delete-solution";
import { updateSolution } from "@/server/solutions/update-solution";

export const PUT = handle(api.updateSolution, async ({ db, actor, params, body }) =>
  updateSolution(db, { actor, app: params.app, name: params.solution, input: body }),
);
export const DELETE = handle(api.deleteSolution, async ({ db, actor, params, body }) =>
  deleteSolution(db, { actor, app: params.app, name: params.solution, input: body }),
);
