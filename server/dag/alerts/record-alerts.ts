import { and, eq, isNull, lt, lte } from "drizzle-orm";
import { dagAlertDeliveries } from "@/db/schema";
import { findAlerts, type DagAlert } from "../graph/alerts";
import { outputProgress } from "../outputs/output-progress";
import type { DagSession } from "../state/dag-session";
import { alertInputs } from "./alert-inputs";

export const MAX_ALERT_ATTEMPTS = 8;

export interface AlertToSend {
  app: string;
  key: string;
  kind: DagAlert["kind"];
  version: string;
  url: string;
  alert: DagAlert;
  attempts: number;
}

/**
 * Records the app's current alerts (one row per node, kind and version: an alert is raised
 * once per version) and returns those the DAG's webhook still has to receive. Runs in the
 * engine's step, under the app's lock, so two engines never send the same alert at once.
 */
export async function recordAlerts(session: DagSession): Promise<AlertToSend[]> {
  const outputs = await outputProgress(session.tx, session.app);
  const alerts = findAlerts(alertInputs(session.dag, session.states, outputs), session.at);
  for (const alert of alerts) {
    await session.tx
      .insert(dagAlertDeliveries)
      .values({ app: session.app, key: alert.key, kind: alert.kind, version: alert.version, message: alert.message, firstSeenAt: session.at, nextTryAt: session.at })
      .onConflictDoNothing();
  }
  const url = session.row.alertWebhookUrl;
  if (!url || alerts.length === 0) return [];
  const due = await session.tx
    .select()
    .from(dagAlertDeliveries)
    .where(
      and(
        eq(dagAlertDeliveries.app, session.app),
        isNull(dagAlertDeliveries.deliveredAt),
        lte(dagAlertDeliveries.nextTryAt, session.at),
        lt(dagAlertDeliveries.attempts, MAX_ALERT_ATTEMPTS),
      ),
    );
  const current = new Map(alerts.map((a) => [`${a.key}\u0000${a.kind}\u0000${a.version}`, a]));
  const toSend: AlertToSend[] = [];
  for (const row of due) {
    const alert = current.get(`${row.key}\u0000${row.kind}\u0000${row.version}`);
    if (!alert) continue; // no longer true (the version moved): nothing to tell
    // Claimed for this attempt: another engine sees the attempt and the later nextTryAt.
    await session.tx
      .update(dagAlertDeliveries)
      .set({ attempts: row.attempts + 1, nextTryAt: new Date(session.at.getTime() + 60_000 * 2 ** row.attempts) })
      .where(and(eq(dagAlertDeliveries.app, row.app), eq(dagAlertDeliveries.key, row.key), eq(dagAlertDeliveries.kind, row.kind), eq(dagAlertDeliveries.version, row.version)));
    toSend.push({ app: row.app, key: row.key, kind: row.kind, version: row.version, url, alert, attempts: row.attempts + 1 });
  }
  return toSend;
}
