CREATE TABLE "recent_trials" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"app" text NOT NULL,
	"origin" json NOT NULL,
	"by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sample_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app" text NOT NULL,
	"name" text NOT NULL,
	"origin" json NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_revision" integer,
	"content_hash" text NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"progress" jsonb DEFAULT '{"done":0,"total":0,"step":"queued"}'::jsonb NOT NULL,
	"checks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"samples" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sample_count" integer DEFAULT 0 NOT NULL,
	"inputs" jsonb,
	"error" text,
	"requested_by" text NOT NULL,
	"runner" text,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"override" jsonb
);
--> statement-breakpoint
CREATE TABLE "verification_settings" (
	"app" text PRIMARY KEY NOT NULL,
	"max_failed_samples" integer DEFAULT 0 NOT NULL,
	"missing_feature_warn_rate" real DEFAULT 0.05 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "releases" ADD COLUMN "verification_report_id" uuid;--> statement-breakpoint
ALTER TABLE "releases" ADD COLUMN "verification_override" jsonb;--> statement-breakpoint
CREATE INDEX "recent_trials_app_idx" ON "recent_trials" USING btree ("app","id");--> statement-breakpoint
CREATE INDEX "sample_requests_app_idx" ON "sample_requests" USING btree ("app","created_at");--> statement-breakpoint
CREATE INDEX "verification_reports_subject_idx" ON "verification_reports" USING btree ("subject_kind","subject_id","created_at");--> statement-breakpoint
CREATE INDEX "verification_reports_app_idx" ON "verification_reports" USING btree ("app","created_at");