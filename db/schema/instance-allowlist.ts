import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/**
 * The admin-managed allow-list of model server hosts and networks (server/registry/allowlist):
 * an instance is registered only at an address whose host one entry covers. Empty on a new
 * console, so nothing is registered until an admin allows it; demo mode adds loopback.
 * `entry` is normalised: an IP, a CIDR network, or a host name (lower case, `*` wildcards).
 */
export const instanceAllowlist = pgTable("instance_allowlist", {
  id: uuid("id").primaryKey().defaultRandom(),
  entry: text("entry").notNull().unique(),
  description: text("description").notNull().default(""),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
});
