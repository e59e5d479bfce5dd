import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagDocuments, telemetryAlerts } from "@/db/schema";
import { findHookEndpoint } from "@/server/dag/allowlist/find-hook-endpoint";
import { hookTarget } from "@/server/dag/hooks/hook-target";
import { postSignedJson } from "@/server/dag/hooks/post-signed-json";

/** Past this many attempts (backing off 1, 2, 4… minutes) an alert's delivery is given up ("failed"). */
export const MAX_LIVE_ALERT_ATTEMPTS = 8;

type AlertRow = typeof telemetryAlerts.$inferSelect;

/**
 * POSTs one Live alert to the app's DAG alert webhook, signed like the DAG's own alerts
 * (server/dag/alerts/send-alert-webhook.ts), and records whether it landed.
 */
export async function sendLiveAlert(db: Db, alert: AlertRow, opts: { timeoutMs: number }): Promise<boolean> {
  const [dag] = await db.select({ url: dagDocuments.alertWebhookUrl }).from(dagDocuments).where(eq(dagDocuments.app, alert.app)).limit(1);
  let error: string | null;
  if (!dag?.url) {
    error = "The app's DAG has no alert webhook any more";
  } else {
    const endpoint = await findHookEndpoint(db, dag.url);
    const target = hookTarget(dag.url);
    if (!endpoint) {
      error = `${target.shown} is no longer on the hook allow-list`;
    } else {
      const body = JSON.stringify({
        type: "live_alert",
        app: alert.app,
        id: alert.id,
        kind: alert.kind,
        subject: alert.subject,
        message: alert.message,
        details: alert.details,
        openedAt: alert.openedAt.toISOString(),
      });
      error = await postSignedJson(target, endpoint.secret, body, opts.timeoutMs);
    }
  }
  const state = error === null ? "delivered" : alert.deliveryAttempts >= MAX_LIVE_ALERT_ATTEMPTS ? "failed" : "pending";
  await db.update(telemetryAlerts).set({ deliveryState: state, deliveryError: error }).where(eq(telemetryAlerts.id, alert.id));
  return error === null;
}
