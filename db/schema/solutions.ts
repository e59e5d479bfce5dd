import { integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { apps } from "./apps";
import { createdAt, updatedAt } from "./columns";

/**
 * The draft A/B solutions of an app (docs/solutions.md), one row each. What is published is
 * the document exported from these rows; the concurrency version of the whole set lives in
 * solution_drafts, because the document is published (and a split saved) as one piece.
 */
export const solutions = pgTable(
  "solutions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    app: text("app")
      .notNull()
      .references(() => apps.name),
    name: text("name").notNull(),
    /** Order of the solutions in the document: import keeps the document's, create appends. */
    position: integer("position").notNull(),
    features: jsonb("features").$type<Record<string, string>>().notNull(),
    model: jsonb("model").$type<{ name: string; version: string }>().notNull(),
    fg: jsonb("fg").$type<{ class: string; version: string }>().notNull(),
    /** Bucket ids, ascending. */
    buckets: jsonb("buckets").$type<number[]>().notNull(),
    updatedBy: text("updated_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("solutions_app_name_unique").on(t.app, t.name)],
);
