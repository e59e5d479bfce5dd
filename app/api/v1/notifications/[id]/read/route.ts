import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { markNotificationRead } from "@/server/notifications/mark-read";

export const POST = handle(api.markNotificationRead, async ({ db, actor, params }) => markNotificationRead(db, { person: actor.type === "user" ? actor.id : "", id: params.id }));
