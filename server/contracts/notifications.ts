import { z } from "zod";
import { AppNameSchema } from "./apps";

export const NotificationKindSchema = z.enum(["approved", "rejected", "delivered", "delivery_failed", "verification_failed"]);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** What the requester hears about their change request or release. */
export const NotificationSchema = z.object({
  id: z.string(),
  app: z.string(),
  changeRequestId: z.string().nullable(),
  releaseId: z.string().nullable(),
  kind: NotificationKindSchema,
  message: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NOTIFICATION_PAGE_MAX = 100;

export const ListNotificationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(NOTIFICATION_PAGE_MAX).default(50),
  /** The createdAt of the last one of the previous page (ISO): older ones follow. */
  before: z.iso.datetime({ offset: true }).optional(),
  app: AppNameSchema.optional(),
  /** Comma-separated kinds. */
  kinds: z
    .string()
    .max(200)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(NotificationKindSchema).max(5))
    .optional(),
  unread: z.enum(["true", "false"]).transform((s) => s === "true").optional(),
});
export type ListNotificationsQuery = z.input<typeof ListNotificationsQuerySchema>;
export type ListNotificationsFilter = z.output<typeof ListNotificationsQuerySchema>;

export const NotificationPageSchema = z.object({ items: z.array(NotificationSchema), unread: z.number().int(), nextBefore: z.string().nullable() });
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

export const UnreadCountSchema = z.object({ unread: z.number().int() });

export const NotificationIdParamsSchema = z.object({ id: z.uuid() });

/** The app's notification webhook: an allow-listed http(s) URL, or null for none. */
export const NotificationWebhookSchema = z.object({ url: z.string().nullable(), updatedBy: z.string().nullable(), updatedAt: z.string().nullable() });
export type NotificationWebhook = z.infer<typeof NotificationWebhookSchema>;

export const SetNotificationWebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "Enter an http(s) URL" }).max(2000).nullable(),
});
export type SetNotificationWebhookInput = z.input<typeof SetNotificationWebhookSchema>;
