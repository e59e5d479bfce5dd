import { index, integer, json, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";

/**
 * A change that needs a reviewer (server/approvals): a publish, a DAG promotion… `kind` says
 * which handler applies it once approved; `payload` is the kind's own data.
 */
export const changeRequests = pgTable(
  "change_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    app: text("app").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    /** `json`: a publish carries the document, whose key order must survive. */
    payload: json("payload"),
    diff: jsonb("diff"),
    comment: text("comment").notNull(),
    state: text("state", { enum: ["pending", "approved", "rejected", "withdrawn"] }).notNull().default("pending"),
    requiredApprovals: integer("required_approvals").notNull().default(1),
    excludedApprovers: jsonb("excluded_approvers").$type<string[]>().notNull().default([]),
    requestedBy: text("requested_by").notNull(),
    requestedById: text("requested_by_id").notNull(),
    /** 1, +1 per edit: approvals count only for the revision they were given for. */
    revision: integer("revision").notNull().default(1),
    version: integer("version").notNull().default(1),
    outcome: jsonb("outcome"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    decidedBy: text("decided_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("change_requests_state_idx").on(t.state, t.createdAt), index("change_requests_app_idx").on(t.app, t.createdAt)],
);
