import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { createSampleRequest } from "@/server/samples/create-sample-request";
import { readSampleRequests } from "@/server/samples/read-sample-requests";

export const GET = handle(api.listSampleRequests, async ({ db, params }) => readSampleRequests(db, params.app));
export const POST = handle(api.createSampleRequest, async ({ db, actor, params, body }) => createSampleRequest(db, { actor, app: params.app, input: body }));
