import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const HOOK_CALL_STATUSES = ["calling", "accepted", "confirmed", "failed", "superseded"] as const;
export type HookCallStatus = (typeof HOOK_CALL_STATUSES)[number];

/**
 * One hook call of a trigger node (one attempt for one ready version). The row is committed,
 * with the node's `hook_called` event, before the request goes out: a restart never sends it
 * again. The callback token is one-time: only its SHA-256 is kept, and it settles the call
 * only while the call is `calling` or `accepted` and the node is still at `version`.
 */
export const dagHookCalls = pgTable(
  "dag_hook_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    app: text("app").notNull(),
    nodeKey: text("node_key").notNull(),
    version: text("version").notNull(),
    attempt: integer("attempt").notNull(),
    url: text("url").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    status: text("status", { enum: HOOK_CALL_STATUSES }).notNull(),
    /** A transport failure (network, 5xx) the engine retries by itself after `retryAt`. */
    retryable: boolean("retryable").notNull().default(false),
    retryAt: timestamp("retry_at", { withTimezone: true, mode: "date" }),
    /** No confirmation by then: the call fails (timeout). */
    deadlineAt: timestamp("deadline_at", { withTimezone: true, mode: "date" }).notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    calledBy: text("called_by").notNull(),
    calledAt: timestamp("called_at", { withTimezone: true, mode: "date" }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("dag_hook_calls_node_idx").on(t.app, t.nodeKey, t.calledAt), index("dag_hook_calls_status_idx").on(t.status)],
);
