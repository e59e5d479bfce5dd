import { api } from "@/server/contracts/api";
import { getModel } from "@/server/models/get-model";
import { notFound } from "@/server/errors";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getModelConf, async ({ db, params }) => {
  const { modelConf } = await getModel(db, params.model);
  if (!modelConf) throw notFound(`Model "${params.model}" is registered but not managed: it has no config here.`);
  return new Response(modelConf, {
    headers: { "content-type": "text/plain; charset=utf-8", "content-disposition": `attachment; filename="${params.model}.model.conf"` },
  });
});
