import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { appNotificationWebhooks, notifications } from "@/db/schema";
import { findHookEndpoint } from "@/server/dag/allowlist/find-hook-endpoint";
import { postSignedJson } from "@/server/dag/hooks/post-signed-json";
import { hookTarget } from "@/server/dag/hooks/hook-target";
import { logError } from "@/server/log/loggable-error";
import { notificationWebhookBody } from "./webhook-body";

/** Bounded: a receiver that stays away gets this many tries, then the notification's webhook is `failed`. */
export const WEBHOOK_ATTEMPTS = 4;
const TIMEOUT_MS = 5_000;
const backoffMs = (attempt: number) => Math.min(250 * 4 ** (attempt - 1), 8_000);

const inFlight = new Set<Promise<void>>();

/**
 * Calls the app's webhook for each notification, after the event's transaction committed, in
 * the background: a decision never waits for (or fails with) a receiver. Each try is recorded.
 */
export function sendNotificationWebhooks(db: Db, ids: readonly (string | null | undefined)[]): void {
  for (const id of ids) {
    if (!id) continue;
    const run = deliver(db, id).catch((e) => logError(`[notifications] webhook of notification ${id}`, e));
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  }
}

/** Waits for the webhooks under way (tests, shutdown). */
export async function settleNotificationWebhooks(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}

async function deliver(db: Db, id: string): Promise<void> {
  for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt++) {
    const error = await tryOnce(db, id);
    const done = error === null || error.final || attempt === WEBHOOK_ATTEMPTS;
    await db
      .update(notifications)
      .set(error === null ? { webhookState: "delivered", webhookAttempts: attempt, webhookError: null } : { webhookState: done ? "failed" : "pending", webhookAttempts: attempt, webhookError: error.message })
      .where(eq(notifications.id, id));
    if (done) return;
    await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
  }
}

async function tryOnce(db: Db, id: string): Promise<{ message: string; final: boolean } | null> {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id)).limit(1);
  if (!row) return { message: "the notification is gone", final: true };
  const [hook] = await db.select({ url: appNotificationWebhooks.url }).from(appNotificationWebhooks).where(eq(appNotificationWebhooks.app, row.app)).limit(1);
  if (!hook) return { message: `${row.app} has no notification webhook any more`, final: true };
  const target = hookTarget(hook.url);
  const endpoint = await findHookEndpoint(db, hook.url);
  if (!endpoint) return { message: `${target.shown} is no longer on the hook allow-list`, final: true };
  const body = JSON.stringify(notificationWebhookBody(row));
  const error = await postSignedJson(target, endpoint.secret, body, TIMEOUT_MS);
  return error === null ? null : { message: error, final: false };
}
