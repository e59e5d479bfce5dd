import { boolean, integer, pgTable, text } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";

/** Per app: does publishing need approval (default yes) and how many. No row = the defaults. */
export const releaseSettings = pgTable("release_settings", {
  app: text("app").primaryKey(),
  requiresApproval: boolean("requires_approval").notNull().default(true),
  requiredApprovals: integer("required_approvals").notNull().default(1),
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by").notNull(),
  updatedAt: updatedAt(),
});
