CREATE TABLE "instance_allowlist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instance_allowlist_entry_unique" UNIQUE("entry")
);
--> statement-breakpoint
ALTER TABLE "feature_connections" ADD COLUMN "key_prefixes" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- ---- Hand-written (issue 16, Medium 7): key prefixes of existing Redis connections ----------
-- A connection now declares the key prefixes its tables may use; the column's default (none)
-- would refuse every table already on it. Each existing connection gets the non-empty
-- prefixes its tables use today, so those tables keep working. A table with an empty prefix
-- is not covered (an empty prefix reaches the whole Redis database): it is refused until an
-- editor gives it a prefix inside one the admin allows (README, "### Hardening").
UPDATE "feature_connections" AS c
SET "key_prefixes" = COALESCE(
  (SELECT array_agg(DISTINCT t."key_prefix" ORDER BY t."key_prefix")
   FROM "feature_tables" AS t
   WHERE t."connection_id" = c."id" AND t."key_prefix" <> ''),
  '{}'
);
-- ---- End of hand-written SQL ------------------------------------------------------------------
