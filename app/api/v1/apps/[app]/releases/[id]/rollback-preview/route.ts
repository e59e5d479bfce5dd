import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { planRollback } from "@/server/releases/plan-rollback";

export const GET = handle(api.previewRollback, async ({ db, params, query }) =>
  (await planRollback(db, { app: params.app, releaseId: params.id, rollBackDagKeys: query.rollBackDagKeys === "true" })).preview,
);
