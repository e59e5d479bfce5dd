import { bigint, boolean, index, integer, json, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { ContentDiff } from "@/sdk/src/core/releases/release-diff";
import { createdAt } from "./columns";

export type ReleaseApprover = { id: string; name: string; comment: string; at: string };

/**
 * Every publish of an app to the config center (docs/config-center.md). Created only together
 * with its outbox record (server/releases/create-release.ts); the dispatcher fills in the
 * revision and the delivery state.
 */
export const releases = pgTable(
  "releases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    app: text("app").notNull(),
    /** 1, 2, 3… per app, in commit order: delivery follows it. */
    seq: integer("seq").notNull(),
    author: text("author").notNull(),
    authorId: text("author_id"),
    approvers: jsonb("approvers").$type<ReleaseApprover[]>().notNull().default([]),
    comment: text("comment").notNull(),
    /** `json`, not `jsonb`: the document is published with its key order exactly as given. */
    document: json("document").notNull(),
    versions: jsonb("versions").$type<Record<string, string>>().notNull(),
    contentHash: text("content_hash").notNull(),
    diff: jsonb("diff").$type<ContentDiff>().notNull(),
    changeRequestId: uuid("change_request_id"),
    rollbackOf: uuid("rollback_of"),
    automatic: boolean("automatic").notNull().default(false),
    /** The verification report it was released on (docs/verification.md), and an admin's override of a failed one. */
    verificationReportId: uuid("verification_report_id"),
    verificationOverride: jsonb("verification_override").$type<{ by: string; byId: string; reason: string; at: string }>(),
    revision: bigint("revision", { mode: "number" }),
    /** `verifying`: a release made without review waits for its verification before it goes to the outbox's queue. */
    deliveryState: text("delivery_state", { enum: ["verifying", "pending", "delivered", "failed"] }).notNull().default("pending"),
    deliveryError: text("delivery_error"),
    deliveryAttempts: integer("delivery_attempts").notNull().default(0),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [unique("releases_app_seq_unique").on(t.app, t.seq), index("releases_app_idx").on(t.app, t.seq)],
);
