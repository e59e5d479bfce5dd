import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { telemetryAlertSettings } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { getApp } from "@/server/apps/get-app";
import {
  DEFAULT_TELEMETRY_ALERT_SETTINGS,
  TelemetryAlertSettingsSchema,
  UpdateTelemetryAlertSettingsSchema,
  type TelemetryAlertSettingsView,
} from "@/server/contracts/telemetry-alerts";

type Row = typeof telemetryAlertSettings.$inferSelect;

function toView(row: Row | undefined): TelemetryAlertSettingsView {
  if (!row) return { ...DEFAULT_TELEMETRY_ALERT_SETTINGS, defaults: true, updatedAt: null, updatedBy: null };
  const { errorRate, missingRate, staleMinutes, windowMinutes, minRequests } = row;
  return { errorRate, missingRate, staleMinutes, windowMinutes, minRequests, defaults: false, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
}

/** The app's Live alert thresholds, the defaults until someone sets them. */
export async function readAlertSettings(db: Db | Tx, app: string): Promise<TelemetryAlertSettingsView> {
  const [row] = await db.select().from(telemetryAlertSettings).where(eq(telemetryAlertSettings.app, app)).limit(1);
  return toView(row);
}

/** GET /api/v1/apps/{app}/live/alert-settings: 404 for an unknown app. */
export async function getAlertSettings(db: Db, app: string): Promise<TelemetryAlertSettingsView> {
  await getApp(db, app);
  return readAlertSettings(db, app);
}

/** Sets some thresholds (the others keep their value), audited. */
export async function updateAlertSettings(db: Db, opts: { actor: Actor; app: string; input: unknown }): Promise<TelemetryAlertSettingsView> {
  const input = UpdateTelemetryAlertSettingsSchema.parse(opts.input);
  await getApp(db, opts.app);
  return db.transaction(async (tx) => {
    const before = await readAlertSettings(tx, opts.app);
    const { defaults: _, updatedAt: __, updatedBy: ___, ...current } = before;
    const next = TelemetryAlertSettingsSchema.parse({ ...current, ...input });
    const values = { ...next, updatedAt: new Date(), updatedBy: actorLabel(opts.actor) };
    const [row] = await tx
      .insert(telemetryAlertSettings)
      .values({ app: opts.app, ...values })
      .onConflictDoUpdate({ target: telemetryAlertSettings.app, set: values })
      .returning();
    const after = toView(row);
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "live_alert_settings", action: "update", target: opts.app, before, after });
    return after;
  });
}
