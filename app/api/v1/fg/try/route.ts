import { api } from "@/server/contracts/api";
import { tryFg } from "@/server/fg-packages/try-fg";
import { handle } from "@/server/http/handle";

export const POST = handle(api.tryDraftFg, async ({ actor, body }) => tryFg(actor, body.package, body.featureMap));
