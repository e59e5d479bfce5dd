CREATE TABLE "telemetry_solution_rows" (
	"app" text NOT NULL,
	"release" text NOT NULL,
	"solution" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"span" smallint NOT NULL,
	"requests" bigint NOT NULL,
	"items" bigint NOT NULL,
	"errors" jsonb NOT NULL,
	"latency" jsonb NOT NULL,
	"outputs" jsonb NOT NULL,
	"missing" jsonb NOT NULL,
	"reports" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "telemetry_solution_rows_pk" PRIMARY KEY("app","release","solution","span","start")
);
--> statement-breakpoint
CREATE TABLE "telemetry_bucket_rows" (
	"app" text NOT NULL,
	"release" text NOT NULL,
	"bucket" integer NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"span" smallint NOT NULL,
	"requests" bigint NOT NULL,
	CONSTRAINT "telemetry_bucket_rows_pk" PRIMARY KEY("app","release","bucket","span","start")
);
--> statement-breakpoint
CREATE TABLE "telemetry_instances" (
	"instance" text NOT NULL,
	"app" text NOT NULL,
	"host" text NOT NULL,
	"release" text NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"release_since" timestamp with time zone NOT NULL,
	"last_report" timestamp with time zone NOT NULL,
	"dropped_reports" bigint DEFAULT 0 NOT NULL,
	"dropped_records" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "telemetry_instances_pk" PRIMARY KEY("app","instance")
);
--> statement-breakpoint
CREATE TABLE "telemetry_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instance" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "telemetry_solution_rows_app_start_idx" ON "telemetry_solution_rows" USING btree ("app","start");--> statement-breakpoint
CREATE INDEX "telemetry_bucket_rows_app_start_idx" ON "telemetry_bucket_rows" USING btree ("app","start");--> statement-breakpoint
CREATE INDEX "telemetry_instances_last_idx" ON "telemetry_instances" USING btree ("last_report");--> statement-breakpoint
CREATE INDEX "telemetry_reports_received_idx" ON "telemetry_reports" USING btree ("received_at");--> statement-breakpoint
-- Telemetry counts merge by adding, key by key (sdk/src/core/telemetry/histogram.ts): a flat map
-- {key: number}, and a map of such maps (stage -> histogram). Ingest adds a report into a row with
-- them (server/telemetry/ingest-report.ts), the rollup sums minute rows into hours with the aggregates.
CREATE OR REPLACE FUNCTION telemetry_add_counts(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
  FROM (
    SELECT key, sum(value::numeric) AS total
    FROM (
      SELECT key, value FROM jsonb_each_text(coalesce(a, '{}'::jsonb))
      UNION ALL
      SELECT key, value FROM jsonb_each_text(coalesce(b, '{}'::jsonb))
    ) AS pairs
    GROUP BY key
  ) AS sums
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION telemetry_add_nested(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(coalesce(x.key, y.key), telemetry_add_counts(x.value, y.value)), '{}'::jsonb)
  FROM jsonb_each(coalesce(a, '{}'::jsonb)) AS x
  FULL JOIN jsonb_each(coalesce(b, '{}'::jsonb)) AS y ON x.key = y.key
$$;
--> statement-breakpoint
CREATE AGGREGATE telemetry_sum_counts(jsonb) (SFUNC = telemetry_add_counts, STYPE = jsonb, INITCOND = '{}');
--> statement-breakpoint
CREATE AGGREGATE telemetry_sum_nested(jsonb) (SFUNC = telemetry_add_nested, STYPE = jsonb, INITCOND = '{}');
