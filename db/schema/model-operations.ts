import { jsonb, pgTable, text, timestamp, uuid, index } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

export type OperationStep = { at: string; message: string; instance?: string; state?: "ok" | "failed" | "info" };

/** Load / unload / label / hot-fix / policy changes: long work with visible progress. */
export const modelOperations = pgTable(
  "model_operations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    model: text("model").notNull(),
    kind: text("kind", { enum: ["load", "unload", "label", "hotfix", "apply"] }).notNull(),
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    state: text("state", { enum: ["running", "succeeded", "failed"] }).notNull(),
    steps: jsonb("steps").$type<OperationStep[]>().notNull().default([]),
    error: text("error"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    /** The console process running it, and until when: renewed while it runs; a crashed process's lease runs out. */
    owner: text("owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("model_operations_model_idx").on(t.model, t.createdAt), index("model_operations_running_idx").on(t.state, t.leaseExpiresAt)],
);

/**
 * Which operation holds each instance address: a reload sends the whole config of an address
 * (every model it serves), so operations are one at a time per address, across processes. An
 * address is free once its operation has finished or its lease expired; every write to the
 * instance first checks that this row still names the operation and its lease is live.
 */
export const modelInstanceLeases = pgTable("model_instance_leases", {
  address: text("address").primaryKey(),
  operationId: uuid("operation_id")
    .notNull()
    .references(() => modelOperations.id, { onDelete: "cascade" }),
  claimedAt: timestamp("claimed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
