import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getRelease } from "@/server/releases/get-release";

export const GET = handle(api.getRelease, async ({ db, params }) => getRelease(db, { app: params.app, id: params.id }));
