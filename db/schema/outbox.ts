import { bigserial, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/**
 * Deliveries to the config center, written in the same transaction as their release
 * (server/outbox/README.md). The dispatcher claims the oldest deliverable record of an app
 * with a lease; a record is deliverable only when every earlier record of its app is
 * delivered or skipped, so an app's releases reach the center strictly in order.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    releaseId: uuid("release_id").notNull().unique(),
    app: text("app").notNull(),
    seq: integer("seq").notNull(),
    /** `failed` blocks the app's later records until an admin retries or skips it. */
    /** `verifying`: not claimable until its release's verification passes; it holds back the app's later records. */
    state: text("state", { enum: ["verifying", "pending", "delivered", "failed", "skipped"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Which dispatcher holds it, and until when: a crashed dispatcher's lease runs out. */
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    processedAt: timestamp("processed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("outbox_state_idx").on(t.state, t.nextAttemptAt), index("outbox_app_seq_idx").on(t.app, t.seq)],
);
