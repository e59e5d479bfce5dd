import { bigint, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/** The built-in center's record of every release it took: publishing is idempotent by release id. */
export const configCenterReleases = pgTable("config_center_releases", {
  releaseId: text("release_id").primaryKey(),
  app: text("app").notNull(),
  revision: bigint("revision", { mode: "number" }).notNull(),
  createdAt: createdAt(),
});
