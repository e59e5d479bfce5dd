import { sql } from "drizzle-orm";

/**
 * How a telemetry row takes more counts: the upsert tail of ingest (write-report-batch.ts) and of
 * the hourly rollup (roll-up-telemetry.ts), one text so both add exactly alike. Counts add, and
 * the jsonb histograms and count maps add key by key (migration 0010's functions).
 */
export const ADD_INTO_SOLUTION_ROW = sql.raw(`ON CONFLICT (app, release, solution, span, start) DO UPDATE SET
  requests = telemetry_solution_rows.requests + excluded.requests,
  items = telemetry_solution_rows.items + excluded.items,
  errors = telemetry_add_counts(telemetry_solution_rows.errors, excluded.errors),
  latency = telemetry_add_nested(telemetry_solution_rows.latency, excluded.latency),
  outputs = telemetry_add_nested(telemetry_solution_rows.outputs, excluded.outputs),
  missing = telemetry_add_counts(telemetry_solution_rows.missing, excluded.missing),
  reports = telemetry_solution_rows.reports + excluded.reports`);

export const ADD_INTO_BUCKET_ROW = sql.raw(`ON CONFLICT (app, release, bucket, span, start) DO UPDATE SET requests = telemetry_bucket_rows.requests + excluded.requests`);
