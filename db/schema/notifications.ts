import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";

export const NOTIFICATION_KINDS = ["approved", "rejected", "delivered", "delivery_failed", "verification_failed"] as const;

/**
 * What a requester hears about their change request or release (server/notifications): written
 * in the same transaction as the event. `person` is the user's id; only they read it. The app's
 * webhook (if it has one) is called after the commit, and how that went is kept here.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    person: text("person").notNull(),
    app: text("app").notNull(),
    changeRequestId: uuid("change_request_id"),
    releaseId: uuid("release_id"),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    message: text("message").notNull(),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
    /** `none`: the app had no webhook when it was written. */
    webhookState: text("webhook_state", { enum: ["none", "pending", "delivered", "failed"] }).notNull().default("none"),
    webhookAttempts: integer("webhook_attempts").notNull().default(0),
    webhookError: text("webhook_error"),
  },
  (t) => [index("notifications_person_idx").on(t.person, t.createdAt), index("notifications_unread_idx").on(t.person, t.readAt)],
);

/** An app's optional notification webhook: a URL on the hook allow-list, signed with its secret. */
export const appNotificationWebhooks = pgTable("app_notification_webhooks", {
  app: text("app").primaryKey(),
  url: text("url").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: updatedAt(),
});
