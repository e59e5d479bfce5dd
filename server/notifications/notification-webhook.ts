import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { appNotificationWebhooks, apps } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import { SetNotificationWebhookSchema, type NotificationWebhook, type SetNotificationWebhookInput } from "@/server/contracts/notifications";
import { findHookEndpoint } from "@/server/dag/allowlist/find-hook-endpoint";
import { notFound, unprocessable } from "@/server/errors";

/** The app's webhook as shown (credentials in the URL masked). */
export async function getNotificationWebhook(db: Db, app: string): Promise<NotificationWebhook> {
  const [exists] = await db.select({ id: apps.id }).from(apps).where(eq(apps.name, app)).limit(1);
  if (!exists) throw notFound(`No app named "${app}".`, { app });
  const [row] = await db.select().from(appNotificationWebhooks).where(eq(appNotificationWebhooks.app, app)).limit(1);
  return row ? { url: maskUrlCredentials(row.url), updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() } : { url: null, updatedBy: null, updatedAt: null };
}

/**
 * Sets or clears the app's notification webhook. The URL must be on the hook allow-list (the
 * admin's list of what the console may call, with its signing secret): 422 and nothing changed
 * otherwise.
 */
export async function setNotificationWebhook(db: Db, opts: { actor: Actor; app: string; input: SetNotificationWebhookInput }): Promise<NotificationWebhook> {
  const { url } = SetNotificationWebhookSchema.parse(opts.input);
  await db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: apps.id }).from(apps).where(eq(apps.name, opts.app)).for("update").limit(1);
    if (!exists) throw notFound(`No app named "${opts.app}".`, { app: opts.app });
    const [before] = await tx.select().from(appNotificationWebhooks).where(eq(appNotificationWebhooks.app, opts.app)).limit(1);
    if (url === null) {
      await tx.delete(appNotificationWebhooks).where(eq(appNotificationWebhooks.app, opts.app));
    } else {
      if (!(await findHookEndpoint(tx, url))) {
        throw unprocessable(`${maskUrlCredentials(url)} is not on the hook allow-list: an admin adds it (Admin page) first.`, { url: maskUrlCredentials(url) });
      }
      await tx
        .insert(appNotificationWebhooks)
        .values({ app: opts.app, url, updatedBy: actorLabel(opts.actor) })
        .onConflictDoUpdate({ target: appNotificationWebhooks.app, set: { url, updatedBy: actorLabel(opts.actor), updatedAt: new Date() } });
    }
    await recordAudit(tx, {
      actor: opts.actor,
      app: opts.app,
      kind: "app",
      action: "notification_webhook",
      target: opts.app,
      before: { url: maskUrlCredentials(before?.url ?? null) },
      after: { url: maskUrlCredentials(url) },
    });
  });
  return getNotificationWebhook(db, opts.app);
}
