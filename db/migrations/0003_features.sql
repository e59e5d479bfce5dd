CREATE TABLE "solutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"features" jsonb NOT NULL,
	"model" jsonb NOT NULL,
	"fg" jsonb NOT NULL,
	"buckets" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "solutions_app_name_unique" UNIQUE("app","name")
);
--> statement-breakpoint
CREATE TABLE "solution_drafts" (
	"app" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'redis' NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"database" integer DEFAULT 0 NOT NULL,
	"username" text,
	"password_cipher" text,
	"tls" boolean DEFAULT false NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_connections_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "feature_tables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"operator" text NOT NULL,
	"storage" text NOT NULL,
	"connection_id" uuid,
	"key_prefix" text DEFAULT '' NOT NULL,
	"encoding" text NOT NULL,
	"key_description" text DEFAULT '' NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_tables_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "feature_rows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"table_id" uuid NOT NULL,
	"key" text NOT NULL,
	"field" text,
	"value" text NOT NULL,
	CONSTRAINT "feature_rows_table_key_field" UNIQUE NULLS NOT DISTINCT("table_id","key","field")
);
--> statement-breakpoint
CREATE TABLE "fg_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_name" text NOT NULL,
	"version" text NOT NULL,
	"kind" text NOT NULL,
	"spec" jsonb,
	"source" text,
	"sha256" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fg_packages_class_version" UNIQUE("class_name","version")
);
--> statement-breakpoint
CREATE TABLE "dag_documents" (
	"app" text PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"alert_webhook_url" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dag_node_states" (
	"app" text NOT NULL,
	"key" text NOT NULL,
	"state" jsonb NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"set_by_id" text,
	"set_by_label" text,
	"approval_request_id" text,
	CONSTRAINT "dag_node_states_app_key_pk" PRIMARY KEY("app","key")
);
--> statement-breakpoint
CREATE TABLE "dag_node_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"app" text NOT NULL,
	"key" text NOT NULL,
	"type" text NOT NULL,
	"version" text,
	"message" text NOT NULL,
	"actor" text NOT NULL,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dag_hook_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app" text NOT NULL,
	"node_key" text NOT NULL,
	"version" text NOT NULL,
	"attempt" integer NOT NULL,
	"url" text NOT NULL,
	"payload" jsonb NOT NULL,
	"token_hash" text NOT NULL,
	"status" text NOT NULL,
	"retryable" boolean DEFAULT false NOT NULL,
	"retry_at" timestamp with time zone,
	"deadline_at" timestamp with time zone NOT NULL,
	"response_status" integer,
	"error" text,
	"called_by" text NOT NULL,
	"called_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "dag_hook_calls_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "dag_output_writes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app" text NOT NULL,
	"node_key" text NOT NULL,
	"versions" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_try_at" timestamp with time zone DEFAULT now() NOT NULL,
	"error" text,
	"release_id" text,
	"change_request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dag_hook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"secret" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dag_hook_endpoints_url_unique" UNIQUE("url")
);
--> statement-breakpoint
CREATE TABLE "dag_alert_deliveries" (
	"app" text NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"message" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_try_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "dag_alert_deliveries_app_key_kind_version_pk" PRIMARY KEY("app","key","kind","version")
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app" text NOT NULL,
	"seq" integer NOT NULL,
	"author" text NOT NULL,
	"author_id" text,
	"approvers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text NOT NULL,
	"document" json NOT NULL,
	"versions" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"diff" jsonb NOT NULL,
	"change_request_id" uuid,
	"rollback_of" uuid,
	"automatic" boolean DEFAULT false NOT NULL,
	"revision" bigint,
	"delivery_state" text DEFAULT 'pending' NOT NULL,
	"delivery_error" text,
	"delivery_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "releases_app_seq_unique" UNIQUE("app","seq")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"release_id" uuid NOT NULL,
	"app" text NOT NULL,
	"seq" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "outbox_release_id_unique" UNIQUE("release_id")
);
--> statement-breakpoint
CREATE TABLE "change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"app" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"payload" json,
	"diff" jsonb,
	"comment" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"required_approvals" integer DEFAULT 1 NOT NULL,
	"excluded_approvers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_id" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"outcome" jsonb,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"change_request_id" uuid NOT NULL,
	"request_revision" integer NOT NULL,
	"decision" text NOT NULL,
	"reviewer_id" text NOT NULL,
	"reviewer_name" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "release_settings" (
	"app" text PRIMARY KEY NOT NULL,
	"requires_approval" boolean DEFAULT true NOT NULL,
	"required_approvals" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "config_center_apps" (
	"app" text PRIMARY KEY NOT NULL,
	"revision" bigint NOT NULL,
	"release_id" text NOT NULL,
	"document" json NOT NULL,
	"versions" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "config_center_releases" (
	"release_id" text PRIMARY KEY NOT NULL,
	"app" text NOT NULL,
	"revision" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "config_center_revision" (
	"id" integer PRIMARY KEY NOT NULL,
	"revision" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "solutions" ADD CONSTRAINT "solutions_app_apps_name_fk" FOREIGN KEY ("app") REFERENCES "public"."apps"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solution_drafts" ADD CONSTRAINT "solution_drafts_app_apps_name_fk" FOREIGN KEY ("app") REFERENCES "public"."apps"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_tables" ADD CONSTRAINT "feature_tables_connection_id_feature_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."feature_connections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_rows" ADD CONSTRAINT "feature_rows_table_id_feature_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."feature_tables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dag_documents" ADD CONSTRAINT "dag_documents_app_apps_name_fk" FOREIGN KEY ("app") REFERENCES "public"."apps"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_change_request_id_change_requests_id_fk" FOREIGN KEY ("change_request_id") REFERENCES "public"."change_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dag_node_events_node_idx" ON "dag_node_events" USING btree ("app","key","id");--> statement-breakpoint
CREATE INDEX "dag_hook_calls_node_idx" ON "dag_hook_calls" USING btree ("app","node_key","called_at");--> statement-breakpoint
CREATE INDEX "dag_hook_calls_status_idx" ON "dag_hook_calls" USING btree ("status");--> statement-breakpoint
CREATE INDEX "dag_output_writes_node_idx" ON "dag_output_writes" USING btree ("app","node_key","created_at");--> statement-breakpoint
CREATE INDEX "dag_output_writes_status_idx" ON "dag_output_writes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "releases_app_idx" ON "releases" USING btree ("app","seq");--> statement-breakpoint
CREATE INDEX "outbox_state_idx" ON "outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_app_seq_idx" ON "outbox" USING btree ("app","seq");--> statement-breakpoint
CREATE INDEX "change_requests_state_idx" ON "change_requests" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "change_requests_app_idx" ON "change_requests" USING btree ("app","created_at");--> statement-breakpoint
CREATE INDEX "approvals_request_idx" ON "approvals" USING btree ("change_request_id");