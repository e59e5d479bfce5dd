import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/**
 * The admin-managed allow-list of URLs the console may call (trigger hooks, alert webhooks).
 * Each has its own signing secret: requests carry an HMAC-SHA256 of the body with it. The
 * secret is stored encrypted under SECRET_KEY (server/dag/allowlist/hook-secret.ts) and shown to
 * the admin once.
 */
export const dagHookEndpoints = pgTable("dag_hook_endpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  url: text("url").notNull().unique(),
  description: text("description").notNull().default(""),
  secret: text("secret").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
});
