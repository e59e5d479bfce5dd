import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagAlertDeliveries, dagDocuments } from "@/db/schema";
import type { z } from "zod";
import type { DagAlertsSchema } from "@/server/contracts/dag-status";
import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import { getDagStatus } from "./get-dag-status";

/** The DAG's current alerts, each with how its webhook delivery went (null without a webhook). */
export async function listDagAlerts(db: Db, app: string, now = new Date()): Promise<z.infer<typeof DagAlertsSchema>> {
  const status = await getDagStatus(db, app, now);
  const [doc] = await db.select({ url: dagDocuments.alertWebhookUrl }).from(dagDocuments).where(eq(dagDocuments.app, app)).limit(1);
  const rows = await db.select().from(dagAlertDeliveries).where(eq(dagAlertDeliveries.app, app));
  const rowOf = new Map(rows.map((r) => [`${r.key}\u0000${r.kind}\u0000${r.version}`, r]));
  return {
    alerts: status.alerts.map((alert) => {
      const row = rowOf.get(`${alert.key}\u0000${alert.kind}\u0000${alert.version}`);
      return {
        ...alert,
        webhook: doc?.url
          ? { deliveredAt: row?.deliveredAt?.toISOString() ?? null, attempts: row?.attempts ?? 0, error: maskUrlCredentials(row?.error ?? null) }
          : null,
      };
    }),
  };
}
