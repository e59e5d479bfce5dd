import { bigserial, index, integer, json, jsonb, pgTable, real, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { SolutionSampleStats, VerificationCheck, VerificationInputs, VerificationOverride } from "@/server/contracts/verification";
import { createdAt, updatedAt } from "./columns";

/** An app's sample requests: scored through every solution of each candidate release (docs/verification.md). */
export const sampleRequests = pgTable(
  "sample_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    app: text("app").notNull(),
    name: text("name").notNull(),
    /** `json`: the origin is scored with its key order as given. */
    origin: json("origin").$type<Record<string, unknown>>().notNull(),
    source: text("source", { enum: ["manual", "trial", "demo"] }).notNull().default("manual"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sample_requests_app_idx").on(t.app, t.createdAt)],
);

/** The latest trial requests per app (RECENT_TRIALS_KEPT), kept so a person can turn them into sample requests. */
export const recentTrials = pgTable(
  "recent_trials",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    app: text("app").notNull(),
    origin: json("origin").$type<Record<string, unknown>>().notNull(),
    by: text("by").notNull(),
    at: createdAt(),
  },
  (t) => [index("recent_trials_app_idx").on(t.app, t.id)],
);

/** Per app thresholds of verification. No row = the defaults (DEFAULT_VERIFICATION_SETTINGS). */
export const verificationSettings = pgTable("verification_settings", {
  app: text("app").primaryKey(),
  maxFailedSamples: integer("max_failed_samples").notNull().default(0),
  missingFeatureWarnRate: real("missing_feature_warn_rate").notNull().default(0.05),
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by").notNull(),
  updatedAt: updatedAt(),
});

/**
 * One verification run of a candidate release: of a change request at one revision, or of a
 * release made without one (automatic, or when the app needs no approval).
 */
export const verificationReports = pgTable(
  "verification_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    app: text("app").notNull(),
    subjectKind: text("subject_kind", { enum: ["change_request", "release"] }).notNull(),
    subjectId: uuid("subject_id").notNull(),
    subjectRevision: integer("subject_revision"),
    contentHash: text("content_hash").notNull(),
    state: text("state", { enum: ["running", "passed", "warned", "failed", "error"] }).notNull().default("running"),
    progress: jsonb("progress").$type<{ done: number; total: number; step: string }>().notNull().default({ done: 0, total: 0, step: "queued" }),
    checks: jsonb("checks").$type<VerificationCheck[]>().notNull().default([]),
    samples: jsonb("samples").$type<SolutionSampleStats[]>().notNull().default([]),
    sampleCount: integer("sample_count").notNull().default(0),
    inputs: jsonb("inputs").$type<VerificationInputs>(),
    error: text("error"),
    requestedBy: text("requested_by").notNull(),
    /** Which process runs it and until when it counts as alive: a crashed run's report is shown interrupted. */
    runner: text("runner"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "date" }),
    startedAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    override: jsonb("override").$type<VerificationOverride>(),
  },
  (t) => [index("verification_reports_subject_idx").on(t.subjectKind, t.subjectId, t.startedAt), index("verification_reports_app_idx").on(t.app, t.startedAt)],
);
