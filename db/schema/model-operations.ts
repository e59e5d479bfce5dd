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
  },
  (t) => [index("model_operations_model_idx").on(t.model, t.createdAt)],
);
