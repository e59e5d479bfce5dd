import { integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";

export type OriginField = { name: string; type: "string" | "int" | "float" | "bool" };
/** A field each item of a batch request carries (README "Batch scoring"): declared like an origin field. */
export type ItemField = OriginField;

export const apps = pgTable("apps", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  bucketCount: integer("bucket_count").notNull(),
  hashKey: text("hash_key").notNull(),
  salt: text("salt").notNull(),
  originFields: jsonb("origin_fields").$type<OriginField[]>().notNull(),
  itemFields: jsonb("item_fields").$type<ItemField[]>().notNull().default([]),
  /** Optimistic concurrency: every update must name the version it was based on. */
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
