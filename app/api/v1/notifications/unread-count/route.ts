import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { countUnread } from "@/server/notifications/list-notifications";

export const GET = handle(api.countUnreadNotifications, async ({ db, actor }) => ({ unread: actor.type === "user" ? await countUnread(db, actor.id) : 0 }));
