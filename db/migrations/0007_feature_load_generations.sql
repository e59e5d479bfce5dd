ALTER TABLE "feature_rows" DROP CONSTRAINT "feature_rows_table_key_field";--> statement-breakpoint
ALTER TABLE "feature_tables" ADD COLUMN "generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "feature_tables" ADD COLUMN "load_generation" integer;--> statement-breakpoint
ALTER TABLE "feature_tables" ADD COLUMN "load_renewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "feature_rows" ADD COLUMN "generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "feature_rows" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "feature_rows" ADD CONSTRAINT "feature_rows_table_generation_key_field" UNIQUE NULLS NOT DISTINCT("table_id","generation","key","field");