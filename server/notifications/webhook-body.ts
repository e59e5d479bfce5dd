import type { notifications } from "@/db/schema";

/**
 * Slack-compatible (`text`, `blocks`) so an incoming-webhook URL works as it is, plus the
 * structured fields a program reads. No person's address: the receiver may be a shared channel.
 */
export function notificationWebhookBody(row: typeof notifications.$inferSelect) {
  const text = `[${row.app}] ${row.message}`;
  return {
    text,
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
    type: "change_notification",
    id: row.id,
    app: row.app,
    kind: row.kind,
    message: row.message,
    changeRequestId: row.changeRequestId,
    releaseId: row.releaseId,
    createdAt: row.createdAt.toISOString(),
  };
}
