import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { parkLongPoll, type LongPollAnswer } from "@/server/http/parked-long-polls";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { longPollAnswerNow, longPollPublishedConfig } from "@/server/config-center/long-poll-published-config";
import { publishedConfigResponse } from "@/server/config-center/published-config-response";

export const GET = handle(api.getPublishedConfig, async ({ req, params, query }) => {
  const center = await getConfigCenter();
  const respond = (answer: LongPollAnswer) =>
    answer === "unchanged" ? new Response(null, { status: 304, headers: { "cache-control": "no-store" } }) : publishedConfigResponse(req, answer);
  const opts = { app: params.app, revision: query.revision, waitMs: query.wait };
  const now = await longPollAnswerNow(center, opts);
  if (now !== "wait") return respond(now);
  // Our own server holds the long-poll itself (no promise, signal or timer each); under Next.js it is held here.
  const parked = parkLongPoll(req, { center, app: params.app, from: query.revision!, waitMs: query.wait!, respond });
  return parked ?? respond(await longPollPublishedConfig(center, { ...opts, signal: req.signal }));
});
