import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { listReleases } from "@/server/releases/list-releases";
import { requestRelease } from "@/server/releases/request-release";

export const GET = handle(api.listReleases, async ({ db, params, query }) => listReleases(db, { app: params.app, limit: query.limit }));
export const POST = handle(api.requestRelease, async ({ db, actor, params, body }) => requestRelease(db, { actor, app: params.app, comment: body.comment, change: body.change }));
