import { bigint, json, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";

/** The built-in config center's store: what each app serves now (server/config-center/builtin). */
export const configCenterApps = pgTable("config_center_apps", {
  app: text("app").primaryKey(),
  revision: bigint("revision", { mode: "number" }).notNull(),
  releaseId: text("release_id").notNull(),
  /** `json`: served byte-for-byte in the order it was published. */
  document: json("document").notNull(),
  versions: jsonb("versions").$type<Record<string, string>>().notNull(),
  updatedAt: updatedAt(),
});
