import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { buildWarmupFileForApp } from "@/server/models/build-warmup-file";
import { WARMUP_FILE_NAME } from "@/server/tfs/warmup-file";

export const GET = handle(api.getWarmupFile, async ({ db, actor, params, query }) => {
  const { file, records } = await buildWarmupFileForApp(db, { actor, app: query.app, model: params.model, version: params.version });
  return new Response(new Uint8Array(file), {
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="${WARMUP_FILE_NAME}"`,
      "x-warmup-records": String(records),
    },
  });
});
