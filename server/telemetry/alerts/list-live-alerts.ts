import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { telemetryAlerts } from "@/db/schema";
import { getApp } from "@/server/apps/get-app";
import type { TelemetryAlert, TelemetryAlertsQuery } from "@/server/contracts/telemetry-alerts";

/** GET /api/v1/apps/{app}/live/alerts: the app's Live alert episodes, newest first. */
export async function listLiveAlerts(db: Db, opts: { app: string; query: TelemetryAlertsQuery }): Promise<TelemetryAlert[]> {
  await getApp(db, opts.app);
  const a = telemetryAlerts;
  const rows = await db
    .select()
    .from(a)
    .where(and(eq(a.app, opts.app), opts.query.state === "open" ? isNull(a.clearedAt) : undefined))
    .orderBy(desc(a.openedAt), desc(a.id))
    .limit(opts.query.limit);
  return rows.map((r) => ({
    id: r.id,
    app: r.app,
    kind: r.kind,
    subject: r.subject,
    message: r.message,
    details: r.details,
    openedAt: r.openedAt.toISOString(),
    clearedAt: r.clearedAt?.toISOString() ?? null,
    deliveryState: r.deliveryState,
    deliveryAttempts: r.deliveryAttempts,
    deliveryError: r.deliveryError,
  }));
}
