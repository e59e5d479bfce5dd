import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { TELEMETRY_ALERT_KINDS } from "@/server/contracts/telemetry-alerts";

/**
 * Live alerts, one row per episode: opened when the background check first finds the condition
 * (for a subject: a solution, an instance, "split"), cleared when a run no longer finds it. At most
 * one open episode per app, kind and subject (the partial unique index): several consoles running
 * the check open it once, and only the one that opened it sends it first.
 */
export const telemetryAlerts = pgTable(
  "telemetry_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    app: text("app").notNull(),
    kind: text("kind", { enum: TELEMETRY_ALERT_KINDS }).notNull(),
    subject: text("subject").notNull(),
    message: text("message").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true, mode: "date" }).notNull(),
    clearedAt: timestamp("cleared_at", { withTimezone: true, mode: "date" }),
    /** Delivery to the app's DAG alert webhook: "none" when it has none at opening. */
    deliveryState: text("delivery_state", { enum: ["none", "pending", "delivered", "failed"] }).notNull(),
    deliveryAttempts: integer("delivery_attempts").notNull().default(0),
    nextTryAt: timestamp("next_try_at", { withTimezone: true, mode: "date" }).notNull(),
    deliveryError: text("delivery_error"),
  },
  (t) => [
    uniqueIndex("telemetry_alerts_open_idx").on(t.app, t.kind, t.subject).where(sql`cleared_at IS NULL`),
    index("telemetry_alerts_app_opened_idx").on(t.app, t.openedAt),
  ],
);
