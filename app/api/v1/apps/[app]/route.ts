import { api } from "@/server/contracts/api";
import { readAppDetail } from "@/server/apps/read-app-detail";
import { updateApp } from "@/server/apps/update-app";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getApp, async ({ db, params }) => readAppDetail(db, params.app));
export const PUT = handle(api.updateApp, async ({ db, actor, params, body }) => updateApp(db, { actor, name: params.app, input: body }));
