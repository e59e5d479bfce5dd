import { integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
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
  /**
   * The draft as it was before a delivered rollback replaced it with the rolled-back document
   * (server/solutions/adopt-rollback-document.ts); one is enough. Restorable from the page.
   */
  backup: jsonb("backup").$type<DraftBackup>(),
  updatedAt: updatedAt(),
});

export interface DraftBackup {
  /** The draft's solutions as an exported document (what an import restores). */
  document: unknown;
  savedAt: string;
  /** The rollback release whose delivery replaced the draft, and the release it restored. */
  releaseSeq: number;
  rollbackOfSeq: number | null;
}
