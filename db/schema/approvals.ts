import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { changeRequests } from "./change-requests";

/** Each reviewer's decision on a change request. Kept after an edit, marked withdrawn. */
export const approvals = pgTable(
  "approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    changeRequestId: uuid("change_request_id")
      .notNull()
      .references(() => changeRequests.id),
    requestRevision: integer("request_revision").notNull(),
    decision: text("decision", { enum: ["approve", "reject"] }).notNull(),
    reviewerId: text("reviewer_id").notNull(),
    reviewerName: text("reviewer_name").notNull(),
    comment: text("comment").notNull().default(""),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("approvals_request_idx").on(t.changeRequestId)],
);
