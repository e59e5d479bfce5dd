import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { featureConnections } from "./feature-connections";

/**
 * The feature table registry (docs/templates.md): what query templates name. The storage
 * behind a table (built-in rows in this database, or Redis through a connection) is hidden
 * from the business; `openFeatureStore` (server/feature-tables) is the only way in.
 */
export const featureTables = pgTable("feature_tables", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  operator: text("operator", { enum: ["getKV", "getKKV"] }).notNull(),
  storage: text("storage", { enum: ["builtin", "redis"] }).notNull(),
  connectionId: uuid("connection_id").references(() => featureConnections.id, { onDelete: "restrict" }),
  /** Prepended to every key on Redis, so tables can share one Redis database. */
  keyPrefix: text("key_prefix").notNull().default(""),
  encoding: text("encoding", { enum: ["json", "float_vector", "string"] }).notNull(),
  keyDescription: text("key_description").notNull().default(""),
  owner: text("owner").notNull().default(""),
  description: text("description").notNull().default(""),
  version: integer("version").notNull().default(1),
  /** Built-in tables: the generation of `feature_rows` that reads see (see feature-rows.ts). */
  generation: integer("generation").notNull().default(0),
  /**
   * The load in progress, if any (one at a time per table, any storage): the generation it
   * stages and when its lease was last renewed. A load whose lease expired crashed or stalled;
   * the next load takes over and cleans its leftovers (server/feature-tables/load-lease.ts).
   */
  loadGeneration: integer("load_generation"),
  loadRenewedAt: timestamp("load_renewed_at", { withTimezone: true, mode: "date" }),
  updatedBy: text("updated_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
