import { api } from "@/server/contracts/api";
import { importModelConf } from "@/server/models/import-model-conf";
import { handle } from "@/server/http/handle";

export const POST = handle(api.importModelConf, async ({ db, actor, body }) => importModelConf(db, { actor, text: body.text }));
