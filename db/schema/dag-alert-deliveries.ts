import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Alerts seen by the engine, one row per (node, kind, version): the webhook gets each once. */
export const dagAlertDeliveries = pgTable(
  "dag_alert_deliveries",
  {
    app: text("app").notNull(),
    key: text("key").notNull(),
    kind: text("kind", { enum: ["stale", "expiring", "expired", "verification_failed"] }).notNull(),
    version: text("version").notNull(),
    message: text("message").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    nextTryAt: timestamp("next_try_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, mode: "date" }),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.app, t.key, t.kind, t.version] })],
);
