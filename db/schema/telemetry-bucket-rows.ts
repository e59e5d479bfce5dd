import { bigint, index, integer, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/** Non-forced requests per app x release x bucket and minute (or hour after the rollup): the split check's counts. */
export const telemetryBucketRows = pgTable(
  "telemetry_bucket_rows",
  {
    app: text("app").notNull(),
    release: text("release").notNull(),
    bucket: integer("bucket").notNull(),
    start: timestamp("start", { withTimezone: true, mode: "date" }).notNull(),
    span: smallint("span").notNull(),
    requests: bigint("requests", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "telemetry_bucket_rows_pk", columns: [t.app, t.release, t.bucket, t.span, t.start] }),
    index("telemetry_bucket_rows_app_start_idx").on(t.app, t.start),
  ],
);
