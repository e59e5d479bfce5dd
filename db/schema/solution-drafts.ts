import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { apps } from "./apps";
import { updatedAt } from "./columns";

/**
 * One row per app whose solutions were ever changed: the optimistic-concurrency version of
 * the app's whole draft (its solutions and their split). Every write names the version it was
 * based on and locks this row, so two saves of one app never interleave.
 */
export const solutionDrafts = pgTable("solution_drafts", {
  app: text("app")
    .primaryKey()
    .references(() => apps.name),
  version: integer("version").notNull().default(0),
  updatedBy: text("updated_by").notNull(),
  updatedAt: updatedAt(),
});
