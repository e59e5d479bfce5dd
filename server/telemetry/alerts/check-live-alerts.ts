import { and, eq, gte, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { dagDocuments, telemetryAlerts, telemetryInstances } from "@/db/schema";
import { logError } from "@/server/log/loggable-error";
import { readAlertSettings } from "./alert-settings";
import { findLiveConditions } from "./find-live-conditions";
import { sendLiveAlert } from "./send-live-alert";

/** How far back an app's last report may be for the check to look at it: the longest window. */
const ACTIVE_MS = 24 * 3_600_000;

export interface LiveAlertRun {
  opened: number;
  cleared: number;
  sent: number;
}

/**
 * One run of the Live alert check (started with the console, beside the rollup): for each app
 * that reported lately or has an open alert, opens an episode for each condition found that has
 * none (the partial unique index lets one console open it), clears the open ones no longer
 * found, then sends the open alerts still owed to the app's DAG alert webhook. An alert goes out
 * once per episode; a condition that clears and comes back is a new episode, sent again.
 */
export async function checkLiveAlerts(db: Db, opts: { now?: Date; timeoutMs?: number } = {}): Promise<LiveAlertRun> {
  const now = opts.now ?? new Date();
  const run: LiveAlertRun = { opened: 0, cleared: 0, sent: 0 };
  const active = await db
    .selectDistinct({ app: telemetryInstances.app })
    .from(telemetryInstances)
    .where(gte(telemetryInstances.lastReport, new Date(now.getTime() - ACTIVE_MS)));
  const withOpen = await db.selectDistinct({ app: telemetryAlerts.app }).from(telemetryAlerts).where(isNull(telemetryAlerts.clearedAt));
  const apps = [...new Set([...active, ...withOpen].map((r) => r.app))].sort();
  for (const app of apps) {
    try {
      await checkApp(db, app, now, run);
      run.sent += await sendOwed(db, app, now, opts.timeoutMs ?? 10_000);
    } catch (e) {
      logError(`[telemetry] alert check of ${app} failed`, e);
    }
  }
  return run;
}

async function checkApp(db: Db, app: string, now: Date, run: LiveAlertRun): Promise<void> {
  const settings = await readAlertSettings(db, app);
  const conditions = await findLiveConditions(db, { app, settings, now });
  const a = telemetryAlerts;
  const open = await db.select({ id: a.id, kind: a.kind, subject: a.subject }).from(a).where(and(eq(a.app, app), isNull(a.clearedAt)));
  const key = (c: { kind: string; subject: string }) => `${c.kind}\u0000${c.subject}`;
  const found = new Set(conditions.map(key));
  const openKeys = new Set(open.map(key));
  const [dag] = await db.select({ url: dagDocuments.alertWebhookUrl }).from(dagDocuments).where(eq(dagDocuments.app, app)).limit(1);
  for (const c of conditions) {
    if (openKeys.has(key(c))) continue;
    const opened = await db
      .insert(a)
      .values({ app, kind: c.kind, subject: c.subject, message: c.message, details: c.details, openedAt: now, nextTryAt: now, deliveryState: dag?.url ? "pending" : "none" })
      .onConflictDoNothing()
      .returning({ id: a.id });
    run.opened += opened.length;
  }
  for (const o of open) {
    if (found.has(key(o))) continue;
    const cleared = await db.update(a).set({ clearedAt: now }).where(and(eq(a.id, o.id), isNull(a.clearedAt))).returning({ id: a.id });
    run.cleared += cleared.length;
  }
}

/** Sends the app's open alerts whose delivery is due, each claimed first so two consoles never send it together. */
async function sendOwed(db: Db, app: string, now: Date, timeoutMs: number): Promise<number> {
  const a = telemetryAlerts;
  const claimed = await db
    .update(a)
    .set({ deliveryAttempts: sql`${a.deliveryAttempts} + 1`, nextTryAt: sql`${now.toISOString()}::timestamptz + interval '1 minute' * power(2, ${a.deliveryAttempts})` })
    .where(and(eq(a.app, app), eq(a.deliveryState, "pending"), isNull(a.clearedAt), lte(a.nextTryAt, now)))
    .returning();
  let sent = 0;
  for (const alert of claimed) if (await sendLiveAlert(db, alert, { timeoutMs })) sent++;
  return sent;
}
