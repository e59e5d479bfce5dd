import { integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { featureTables } from "./feature-tables";

/**
 * The rows of built-in feature tables: a getKV value has no `field`, each field of a getKKV
 * map is one row. `value` is the ENCODED text, exactly as Redis would hold it, so a table
 * behaves the same on either storage. One unique constraint with NULLS NOT DISTINCT makes
 * (table, generation, key, no field) unique too.
 *
 * `generation`: a load writes a new generation beside the current one in short batches, then
 * switches the table's `feature_tables.generation` to it in one short step and deletes the old
 * one afterwards (server/feature-tables/builtin-generations.ts). Reads see the current one only.
 * No surrogate key: the unique constraint is the one index every insert of a load maintains.
 */
export const featureRows = pgTable(
  "feature_rows",
  {
    tableId: uuid("table_id")
      .notNull()
      .references(() => featureTables.id, { onDelete: "cascade" }),
    generation: integer("generation").notNull().default(0),
    key: text("key").notNull(),
    field: text("field"),
    value: text("value").notNull(),
  },
  (t) => [unique("feature_rows_table_generation_key_field").on(t.tableId, t.generation, t.key, t.field).nullsNotDistinct()],
);
