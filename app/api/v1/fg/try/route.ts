import { api } from "@/server/contracts/api";
import { tryFg } from "@/server/fg-packages/try-fg";
import { handle } from "@/server/http/handle";

export const POST = handle(api.tryDraftFg, async ({ body }) => tryFg(body.package, body.featureMap));
