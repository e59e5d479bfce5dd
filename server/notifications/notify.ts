import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { appNotificationWebhooks, notifications, users } from "@/db/schema";
import type { NotificationKind } from "@/server/contracts/notifications";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NotifyInput {
  /** The requester's id as stored on the request or release: only a person (a user) is notified, not a token or the console. */
  person: string | null | undefined;
  app: string;
  kind: NotificationKind;
  message: string;
  changeRequestId?: string | null;
  releaseId?: string | null;
}

/**
 * Writes one notification in the caller's transaction (the event's own). Returns its id when the
 * app has a webhook to call once the transaction commits (sendNotificationWebhooks), else null.
 */
export async function notify(tx: Tx | Db, input: NotifyInput): Promise<string | null> {
  if (!input.person || !UUID.test(input.person)) return null;
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.person)).limit(1);
  if (!user) return null;
  const [hook] = await tx.select({ url: appNotificationWebhooks.url }).from(appNotificationWebhooks).where(eq(appNotificationWebhooks.app, input.app)).limit(1);
  const [row] = await tx
    .insert(notifications)
    .values({
      person: user.id,
      app: input.app,
      kind: input.kind,
      message: input.message,
      changeRequestId: input.changeRequestId ?? null,
      releaseId: input.releaseId ?? null,
      webhookState: hook ? "pending" : "none",
    })
    .returning({ id: notifications.id });
  return hook ? row!.id : null;
}
