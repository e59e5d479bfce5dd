import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { resolveFailedDelivery } from "@/server/outbox/resolve-failed-delivery";

export const POST = handle(api.resolveFailedDelivery, async ({ db, actor, params, body }) => resolveFailedDelivery(db, { actor, releaseId: params.releaseId, action: body.action }));
