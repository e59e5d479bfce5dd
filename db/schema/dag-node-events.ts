import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** The history of each DAG node: every event and state change, who or what caused it. */
export const dagNodeEvents = pgTable(
  "dag_node_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    app: text("app").notNull(),
    key: text("key").notNull(),
    type: text("type").notNull(),
    version: text("version"),
    message: text("message").notNull(),
    actor: text("actor").notNull(),
    detail: jsonb("detail"),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("dag_node_events_node_idx").on(t.app, t.key, t.id)],
);
