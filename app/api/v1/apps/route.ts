import { api } from "@/server/contracts/api";
import { createApp } from "@/server/apps/create-app";
import { listApps } from "@/server/apps/list-apps";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listApps, async ({ db }) => ({ apps: await listApps(db) }));
export const POST = handle(api.createApp, async ({ db, actor, body }) => createApp(db, { actor, input: body }));
