import { z } from "zod";
import { AppNameSchema } from "./apps";
import { VerificationOverrideSchema, VerificationStateSchema } from "./verification";

/**
 * Client-safe shapes of releases (docs/config-center.md): what an app publishes to the config
 * center is its solutions document plus a map of version keys to versions.
 */

/** Version keys become etcd key segments and `{version:KEY}` names in templates. */
export const VersionKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, "1-128 characters: letters, digits, _ . : and -")
  .refine((key) => key !== "." && key !== "..", "A version key cannot be . or ..");

export const VersionValueSchema = z.string().trim().min(1, "Enter a version").max(200, "At most 200 characters");
export const VersionsSchema = z.record(VersionKeySchema, VersionValueSchema);

/**
 * The published document is a JSON object (the solutions document of docs/solutions.md). Only
 * its being an object is checked here, in the browser too; the server then reads it with the
 * solutions document parser and checks its split against the app's bucket count
 * (server/releases/build-release-content.ts) before anything is written.
 */
export const ReleaseDocumentSchema = z.record(z.string(), z.unknown(), { error: "The document must be a JSON object" });

export const ReleaseContentSchema = z.object({ document: z.unknown(), versions: z.record(z.string(), z.string()) });
export type ReleaseContent = z.infer<typeof ReleaseContentSchema>;

/**
 * What a publish changes: the document (replaced whole), versions (merged key by key into the
 * latest release's versions), or both.
 */
export const ReleaseChangeSchema = z
  .object({ document: ReleaseDocumentSchema.optional(), versions: VersionsSchema.optional() })
  .refine((c) => c.document !== undefined || c.versions !== undefined, "Change the document, the versions or both");
export type ReleaseChange = z.infer<typeof ReleaseChangeSchema>;

export const ReleaseCommentSchema = z.string().trim().min(1, "Say what this release changes and why").max(2000);

export const RequestReleaseSchema = z.object({ comment: ReleaseCommentSchema, change: ReleaseChangeSchema });
export type RequestReleaseInput = z.input<typeof RequestReleaseSchema>;

/**
 * `rollBackDagKeys`: version keys the version DAG wrote since the target roll back too (their
 * output nodes are then held until resumed); by default they keep their live values.
 */
export const RollbackReleaseSchema = z.object({ comment: ReleaseCommentSchema, rollBackDagKeys: z.boolean().optional() });
export type RollbackReleaseInput = z.input<typeof RollbackReleaseSchema>;

/** Editing a pending publish request: the new change replaces the old one; earlier approvals are withdrawn. */
export const EditPublishChangeSchema = z.object({ version: z.number().int().positive(), comment: ReleaseCommentSchema, change: ReleaseChangeSchema });
export type EditPublishChangeInput = z.input<typeof EditPublishChangeSchema>;

export const DELIVERY_STATES = ["verifying", "pending", "delivered", "failed"] as const;
export const DeliveryStateSchema = z.enum(DELIVERY_STATES);
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

/** Two release contents compared key by key (release-diff.ts computes it; ContentDiff is its type). */
export const ContentDiffSchema = z.object({
  changes: z.array(
    z.object({ path: z.string(), kind: z.enum(["added", "removed", "changed"]), before: z.unknown().optional(), after: z.unknown().optional() }),
  ),
});

export const ReleaseApproverSchema = z.object({ id: z.string(), name: z.string(), comment: z.string(), at: z.string() });

export const ReleaseSchema = z.object({
  id: z.string(),
  app: z.string(),
  /** 1, 2, 3… per app. */
  seq: z.number(),
  author: z.string(),
  approvers: z.array(ReleaseApproverSchema),
  comment: z.string(),
  contentHash: z.string(),
  diff: ContentDiffSchema,
  /** The revision the config center gave it, once delivered. */
  revision: z.number().nullable(),
  delivery: z.object({
    state: DeliveryStateSchema,
    /** Why it failed, or the last error while it is still being retried. */
    reason: z.string().nullable(),
    attempts: z.number(),
    deliveredAt: z.string().nullable(),
    /** A failed release blocks the later ones of its app until an admin retries or skips it. */
    skipped: z.boolean(),
  }),
  changeRequestId: z.string().nullable(),
  /** Set on a rollback: the release whose content it restores. */
  rollbackOf: z.object({ id: z.string(), seq: z.number() }).nullable(),
  automatic: z.boolean(),
  /** The verification report it was released on (docs/verification.md), and an admin's override of a failed one. */
  verification: z.object({
    reportId: z.string().nullable(),
    override: VerificationOverrideSchema.nullable(),
    /** The state of that report (null: none yet); a release made without review is `verifying` until it is final. */
    state: VerificationStateSchema.nullable(),
    /** The checks of that report that failed, to show inline (the report itself has the rest). */
    failures: z.array(z.object({ title: z.string(), reason: z.string().nullable() })),
  }),
  createdAt: z.string(),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const ReleaseDetailSchema = ReleaseSchema.extend({
  content: ReleaseContentSchema,
  /** The content of the release before it (null for the first release). */
  previous: z.object({ seq: z.number(), content: ReleaseContentSchema }).nullable(),
});
export type ReleaseDetail = z.infer<typeof ReleaseDetailSchema>;

export const ReleaseSettingsSchema = z.object({
  app: z.string(),
  requiresApproval: z.boolean(),
  requiredApprovals: z.number(),
  /** 0 while the defaults were never changed. */
  version: z.number(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type ReleaseSettings = z.infer<typeof ReleaseSettingsSchema>;

export const UpdateReleaseSettingsSchema = z.object({
  requiresApproval: z.boolean(),
  requiredApprovals: z.number({ error: "Enter a whole number" }).int("Enter a whole number").min(1, "At least 1 approval").max(5, "At most 5 approvals"),
  /** The version the edit was based on (0 for the defaults): a stale one is a 409. */
  version: z.number().int().min(0),
});
export type UpdateReleaseSettingsInput = z.input<typeof UpdateReleaseSettingsSchema>;

export const AppReleasesSchema = z.object({
  app: z.string(),
  releases: z.array(ReleaseSchema),
  settings: ReleaseSettingsSchema,
  /** The failed release that holds back later deliveries of this app, if any. */
  blockedBy: z.object({ id: z.string(), seq: z.number(), reason: z.string().nullable() }).nullable(),
});
export type AppReleases = z.infer<typeof AppReleasesSchema>;

/** What a rollback to a release would change, from live (the app's latest delivered release). */
export const RollbackPreviewSchema = z.object({
  target: z.object({ id: z.string(), seq: z.number() }),
  /** The latest delivered release (null before any was delivered: then the latest release, if any). */
  live: z.object({ id: z.string(), seq: z.number() }).nullable(),
  rollBackDagKeys: z.boolean(),
  before: ReleaseContentSchema.nullable(),
  after: ReleaseContentSchema,
  diff: ContentDiffSchema,
  /** Version keys the DAG wrote since the target whose live value differs from the target's. */
  dagKeys: z.array(z.object({ key: z.string(), live: z.string().nullable(), target: z.string().nullable(), nodes: z.array(z.string()) })),
  /** Output nodes the rollback would hold (only when the DAG keys roll back). */
  holds: z.array(z.string()),
});
export type RollbackPreview = z.infer<typeof RollbackPreviewSchema>;

export const AppReleaseParamsSchema = z.object({ app: AppNameSchema, id: z.string().uuid("must be an id") });
