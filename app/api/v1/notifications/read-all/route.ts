import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { markAllNotificationsRead } from "@/server/notifications/mark-read";

export const POST = handle(api.markAllNotificationsRead, async ({ db, actor }) => markAllNotificationsRead(db, { person: actor.type === "user" ? actor.id : "" }));
