import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/** `superseded`: still pending when a rollback held its node; never delivered (text column: no migration). */
export const OUTPUT_WRITE_STATUSES = ["pending", "delivered", "superseded"] as const;

/**
 * The DAG's outbox towards the release flow: one row per output-node write, recorded in the
 * transaction that moved the node, delivered (a release through requestRelease) by exactly
 * one engine under the app's lock, in order, retried with backoff until it lands.
 */
export const dagOutputWrites = pgTable(
  "dag_output_writes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    app: text("app").notNull(),
    nodeKey: text("node_key").notNull(),
    versions: jsonb("versions").$type<Record<string, string>>().notNull(),
    status: text("status", { enum: OUTPUT_WRITE_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextTryAt: timestamp("next_try_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    error: text("error"),
    releaseId: text("release_id"),
    changeRequestId: text("change_request_id"),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("dag_output_writes_node_idx").on(t.app, t.nodeKey, t.createdAt), index("dag_output_writes_status_idx").on(t.status)],
);
