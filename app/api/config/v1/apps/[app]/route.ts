import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { longPollPublishedConfig } from "@/server/config-center/long-poll-published-config";
import { publishedConfigResponse } from "@/server/config-center/published-config-response";

export const GET = handle(api.getPublishedConfig, async ({ req, params, query }) => {
  const answer = await longPollPublishedConfig(await getConfigCenter(), { app: params.app, revision: query.revision, waitMs: query.wait, signal: req.signal });
  return answer === "unchanged" ? new Response(null, { status: 304, headers: { "cache-control": "no-store" } }) : publishedConfigResponse(req, answer);
});
