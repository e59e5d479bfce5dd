import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { notifications } from "@/db/schema";
import type { Notification } from "@/server/contracts/notifications";
import { notFound } from "@/server/errors";
import { toNotificationDto } from "./notification-dto";

/** Marks one of the person's notifications read. Someone else's is a 404: its existence is not theirs to learn. */
export async function markNotificationRead(db: Db, opts: { person: string; id: string }): Promise<Notification> {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.id, opts.id), eq(notifications.person, opts.person))).limit(1);
  if (!row) throw notFound("No such notification.", { id: opts.id });
  if (row.readAt) return toNotificationDto(row);
  const [updated] = await db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, row.id)).returning();
  return toNotificationDto(updated!);
}

/** Marks all the person's unread notifications read; returns how many. */
export async function markAllNotificationsRead(db: Db, opts: { person: string }): Promise<{ marked: number }> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.person, opts.person), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}
