CREATE TABLE "model_instance_leases" (
	"address" text PRIMARY KEY NOT NULL,
	"operation_id" uuid NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_operations" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "model_operations" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "model_instance_leases" ADD CONSTRAINT "model_instance_leases_operation_id_model_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."model_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_operations_running_idx" ON "model_operations" USING btree ("state","lease_expires_at");