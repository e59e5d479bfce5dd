import { and, count, desc, eq, inArray, isNull, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { notifications } from "@/db/schema";
import { ListNotificationsQuerySchema, type ListNotificationsFilter, type ListNotificationsQuery, type NotificationPage } from "@/server/contracts/notifications";
import { toNotificationDto } from "./notification-dto";

/** The person's own notifications, newest first, one capped page at a time, with their unread count. */
export async function listNotifications(db: Db, opts: { person: string; query: ListNotificationsQuery | ListNotificationsFilter }): Promise<NotificationPage> {
  const q = "kinds" in opts.query && Array.isArray(opts.query.kinds) ? (opts.query as ListNotificationsFilter) : ListNotificationsQuerySchema.parse(opts.query);
  const where: SQL[] = [eq(notifications.person, opts.person)];
  if (q.before) where.push(lt(notifications.createdAt, new Date(q.before)));
  if (q.app) where.push(eq(notifications.app, q.app));
  if (q.kinds?.length) where.push(inArray(notifications.kind, q.kinds));
  if (q.unread) where.push(isNull(notifications.readAt));
  const rows = await db.select().from(notifications).where(and(...where)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(q.limit + 1);
  const items = rows.slice(0, q.limit).map(toNotificationDto);
  return { items, unread: await countUnread(db, opts.person), nextBefore: rows.length > q.limit ? items.at(-1)!.createdAt : null };
}

export async function countUnread(db: Db, person: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.person, person), isNull(notifications.readAt)));
  return row?.n ?? 0;
}
