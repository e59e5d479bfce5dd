import { pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/** The model registry: TF Serving instances announce (model, address) with a time to live. */
export const modelInstances = pgTable(
  "model_instances",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    model: text("model").notNull(),
    address: text("address").notNull(),
    restAddress: text("rest_address"),
    registeredBy: text("registered_by").notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [uniqueIndex("model_instances_model_address_idx").on(t.model, t.address)],
);
