import type { notifications } from "@/db/schema";
import type { Notification } from "@/server/contracts/notifications";

export function toNotificationDto(row: typeof notifications.$inferSelect): Notification {
  return {
    id: row.id,
    app: row.app,
    changeRequestId: row.changeRequestId,
    releaseId: row.releaseId,
    kind: row.kind,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
