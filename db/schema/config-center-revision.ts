import { bigint, integer, pgTable } from "drizzle-orm/pg-core";

/**
 * The built-in center's revision counter: one row, bumped in every publish transaction. The
 * row lock serialises publishes, so revisions grow in commit order.
 */
export const configCenterRevision = pgTable("config_center_revision", {
  id: integer("id").primaryKey(),
  revision: bigint("revision", { mode: "number" }).notNull(),
});
