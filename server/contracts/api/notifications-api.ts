import { z } from "zod";
import { AppNameParamsSchema } from "../apps";
import {
  ListNotificationsQuerySchema,
  NotificationIdParamsSchema,
  NotificationPageSchema,
  NotificationSchema,
  NotificationWebhookSchema,
  SetNotificationWebhookSchema,
  UnreadCountSchema,
} from "../notifications";
import { endpoint } from "./endpoint";

export const listNotifications = endpoint({
  method: "GET",
  path: "/api/v1/notifications",
  summary: "My notifications (approved, rejected with the reason, delivered, failed), newest first; `limit` ≤ 100, page with `before`",
  tag: "notifications",
  access: "signed_in",
  query: ListNotificationsQuerySchema,
  response: NotificationPageSchema,
});

export const countUnreadNotifications = endpoint({
  method: "GET",
  path: "/api/v1/notifications/unread-count",
  summary: "How many of my notifications are unread (the top bar polls it)",
  tag: "notifications",
  access: "signed_in",
  response: UnreadCountSchema,
});

export const markNotificationRead = endpoint({
  method: "POST",
  path: "/api/v1/notifications/{id}/read",
  summary: "Mark one of my notifications read (404 for anyone else's)",
  tag: "notifications",
  access: "signed_in",
  params: NotificationIdParamsSchema,
  response: NotificationSchema,
});

export const markAllNotificationsRead = endpoint({
  method: "POST",
  path: "/api/v1/notifications/read-all",
  summary: "Mark all my notifications read",
  tag: "notifications",
  access: "signed_in",
  response: z.object({ marked: z.number().int() }),
});

export const getNotificationWebhook = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/notification-webhook",
  summary: "The app's notification webhook (credentials in the URL masked)",
  tag: "notifications",
  access: "read",
  params: AppNameParamsSchema,
  response: NotificationWebhookSchema,
});

export const setNotificationWebhook = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}/notification-webhook",
  summary: "Set (an allow-listed URL, 422 otherwise) or clear (`null`) the app's notification webhook",
  tag: "notifications",
  access: "edit",
  params: AppNameParamsSchema,
  body: SetNotificationWebhookSchema,
  response: NotificationWebhookSchema,
});
