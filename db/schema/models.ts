import { integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";

export type StoredVersionPolicy = { kind: "latest"; numVersions: number } | { kind: "all" } | { kind: "specific"; versions: number[] };

/**
 * A model as the console manages it: the config it sends to every instance that serves the
 * model. The console owns this config; instances only ever receive it whole.
 */
export const models = pgTable("models", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  basePath: text("base_path").notNull(),
  platform: text("platform").notNull().default("tensorflow"),
  policy: jsonb("policy").$type<StoredVersionPolicy>().notNull(),
  labels: jsonb("labels").$type<Record<string, number>>().notNull().default({}),
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
