import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getNotificationWebhook, setNotificationWebhook } from "@/server/notifications/notification-webhook";

export const GET = handle(api.getNotificationWebhook, async ({ db, params }) => getNotificationWebhook(db, params.app));
export const PUT = handle(api.setNotificationWebhook, async ({ db, actor, params, body }) => setNotificationWebhook(db, { actor, app: params.app, input: body }));
