import { bigint, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** The scoring instances that report on an app: which release each runs, since when, and their last report. */
export const telemetryInstances = pgTable(
  "telemetry_instances",
  {
    instance: text("instance").notNull(),
    app: text("app").notNull(),
    host: text("host").notNull(),
    release: text("release").notNull(),
    firstSeen: timestamp("first_seen", { withTimezone: true, mode: "date" }).notNull(),
    /** The first report on `release` (a change of release resets it). */
    releaseSince: timestamp("release_since", { withTimezone: true, mode: "date" }).notNull(),
    lastReport: timestamp("last_report", { withTimezone: true, mode: "date" }).notNull(),
    /** Reports and records the instance said it dropped, summed. */
    droppedReports: bigint("dropped_reports", { mode: "number" }).notNull().default(0),
    droppedRecords: bigint("dropped_records", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ name: "telemetry_instances_pk", columns: [t.app, t.instance] }), index("telemetry_instances_last_idx").on(t.lastReport)],
);
