import { bigint, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";
import type { Histogram } from "@/sdk/src/core/telemetry/histogram";

/**
 * What one app x release x solution did in one minute (`span` 1), five minutes (`span` 5, written
 * beside the minute rows: read one grain only) or, after the rollup, one hour (`span` 60), merged over every instance (server/telemetry/README.md). Reports are added into it
 * at ingest (INSERT ... ON CONFLICT DO UPDATE with the telemetry_add_* SQL functions of
 * migration 0010), so there is one row per key and period, never one per instance.
 */
export const telemetrySolutionRows = pgTable(
  "telemetry_solution_rows",
  {
    app: text("app").notNull(),
    release: text("release").notNull(),
    solution: text("solution").notNull(),
    /** Start of the minute (or hour). */
    start: timestamp("start", { withTimezone: true, mode: "date" }).notNull(),
    /** Minutes the row covers: 1, 5 (beside the minute rows), or 60 once rolled up. */
    span: smallint("span").notNull(),
    requests: bigint("requests", { mode: "number" }).notNull(),
    items: bigint("items", { mode: "number" }).notNull(),
    errors: jsonb("errors").$type<Record<string, number>>().notNull(),
    latency: jsonb("latency").$type<Record<string, Histogram>>().notNull(),
    outputs: jsonb("outputs").$type<Record<string, Histogram>>().notNull(),
    missing: jsonb("missing").$type<Record<string, number>>().notNull(),
    /** Reports merged into it (a cheap check that merging happened). */
    reports: integer("reports").notNull().default(1),
  },
  (t) => [
    primaryKey({ name: "telemetry_solution_rows_pk", columns: [t.app, t.release, t.solution, t.span, t.start] }),
    index("telemetry_solution_rows_app_start_idx").on(t.app, t.start),
  ],
);
