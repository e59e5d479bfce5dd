import { api } from "@/server/contracts/api";
import { getDag } from "@/server/dag/documents/get-dag";
import { saveDag } from "@/server/dag/documents/save-dag";
import { isPendingDagSave } from "@/server/contracts/dag-change";
import { json } from "@/server/http/error-response";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getDag, async ({ db, params }) => getDag(db, params.app));
// A save that weakens review is not stored: 202 with the request that waits for a reviewer.
export const PUT = handle(api.saveDag, async ({ db, actor, params, body }) => {
  const result = await saveDag(db, { actor, app: params.app, input: body });
  return isPendingDagSave(result) ? json(result, 202) : result;
});
