import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Ids of the reports taken (idempotency keys), kept TELEMETRY_REPORT_KEY_TTL_HOURS: a retry within it is counted once. */
export const telemetryReports = pgTable(
  "telemetry_reports",
  {
    id: uuid("id").primaryKey(),
    instance: text("instance").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("telemetry_reports_received_idx").on(t.receivedAt)],
);
