import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { listNotifications } from "@/server/notifications/list-notifications";

export const GET = handle(api.listNotifications, async ({ db, actor, query }) => listNotifications(db, { person: actor.type === "user" ? actor.id : "", query }));
