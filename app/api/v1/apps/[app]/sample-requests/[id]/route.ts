import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { deleteSampleRequest } from "@/server/samples/delete-sample-request";

export const DELETE = handle(api.deleteSampleRequest, async ({ db, actor, params }) => deleteSampleRequest(db, { actor, app: params.app, id: params.id }));
