CREATE TABLE "telemetry_alert_settings" (
	"app" text PRIMARY KEY NOT NULL,
	"error_rate" double precision NOT NULL,
	"missing_rate" double precision NOT NULL,
	"stale_minutes" integer NOT NULL,
	"window_minutes" integer NOT NULL,
	"min_requests" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telemetry_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"delivery_state" text NOT NULL,
	"delivery_attempts" integer DEFAULT 0 NOT NULL,
	"next_try_at" timestamp with time zone NOT NULL,
	"delivery_error" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "telemetry_alerts_open_idx" ON "telemetry_alerts" USING btree ("app","kind","subject") WHERE cleared_at IS NULL;--> statement-breakpoint
CREATE INDEX "telemetry_alerts_app_opened_idx" ON "telemetry_alerts" USING btree ("app","opened_at");