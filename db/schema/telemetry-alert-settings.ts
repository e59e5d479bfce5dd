import { doublePrecision, integer, pgTable, text } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";

/** An app's Live alert thresholds (server/telemetry/alerts/); an app without a row has the defaults. */
export const telemetryAlertSettings = pgTable("telemetry_alert_settings", {
  app: text("app").primaryKey(),
  /** Failed requests / requests of a solution over the window, above which it alerts. */
  errorRate: doublePrecision("error_rate").notNull(),
  /** Requests missing a feature / requests of a solution, for its worst feature. */
  missingRate: doublePrecision("missing_rate").notNull(),
  /** Minutes an instance may still run an older release after a newer one was delivered. */
  staleMinutes: integer("stale_minutes").notNull(),
  /** The window the check reads, and the least requests a solution needs in it for its rates to count. */
  windowMinutes: integer("window_minutes").notNull(),
  minRequests: integer("min_requests").notNull(),
  updatedAt: updatedAt(),
  updatedBy: text("updated_by").notNull(),
});
