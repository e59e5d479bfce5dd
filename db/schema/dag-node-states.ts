import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { DagNodeState } from "@/server/contracts/dag";

/**
 * Where each node of an app's DAG stands (the pure state of server/dag/graph, keyed by node
 * key), plus what the engine needs beside it. Written only under the app's DAG lock.
 */
export const dagNodeStates = pgTable(
  "dag_node_states",
  {
    app: text("app").notNull(),
    key: text("key").notNull(),
    state: jsonb("state").$type<DagNodeState>().notNull(),
    /** When the state last changed (any field): "last change" on the canvas. */
    changedAt: timestamp("changed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Data nodes: the person or token that set the online version (may not approve what it sets off). */
    setById: text("set_by_id"),
    setByLabel: text("set_by_label"),
    /** Trigger nodes waiting for approval: the change request a reviewer answers. */
    approvalRequestId: text("approval_request_id"),
  },
  (t) => [primaryKey({ columns: [t.app, t.key] })],
);
