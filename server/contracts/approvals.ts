import { z } from "zod";
import { AppNameSchema } from "./apps";
import { ReleaseChangeSchema } from "./releases";
import { ChangeRequestVerificationSchema } from "./verification";

/** Client-safe shapes of change requests and their approvals (generic by `kind`: "publish", DAG promotions…). */

export const CHANGE_REQUEST_STATES = ["pending", "approved", "rejected", "withdrawn"] as const;
export const ChangeRequestStateSchema = z.enum(CHANGE_REQUEST_STATES);
export type ChangeRequestState = z.infer<typeof ChangeRequestStateSchema>;

export const ApprovalSchema = z.object({
  id: z.string(),
  decision: z.enum(["approve", "reject"]),
  reviewerId: z.string(),
  reviewer: z.string(),
  comment: z.string(),
  at: z.string(),
  /** Which edit of the request it was given for. */
  requestRevision: z.number(),
  /** Set when the request was edited afterwards: the approval no longer counts. */
  withdrawnAt: z.string().nullable(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

/** A release made after a pending request's base that approving the request would undo. */
export const NewerReleaseSchema = z.object({ releaseId: z.string(), seq: z.number() });
export type NewerRelease = z.infer<typeof NewerReleaseSchema>;

export const ChangeRequestSchema = z.object({
  id: z.string(),
  app: z.string(),
  kind: z.string(),
  title: z.string(),
  payload: z.unknown(),
  /** What it changes; for "publish": a ContentDiff (sdk/src/core/releases/release-diff.ts). */
  diff: z.unknown(),
  comment: z.string(),
  state: ChangeRequestStateSchema,
  requiredApprovals: z.number(),
  /** Approvals given since the last edit. */
  approvalCount: z.number(),
  requestedBy: z.string(),
  requestedById: z.string(),
  /** People/tokens who may not approve it besides the requester (e.g. whoever edited it). */
  excludedApprovers: z.array(z.string()),
  /** 1, then +1 per edit. */
  revision: z.number(),
  /** Optimistic concurrency for edits. */
  version: z.number(),
  approvals: z.array(ApprovalSchema),
  /** What approving it produced, e.g. `{ releaseId }`. */
  outcome: z.unknown(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set on a stale pending request (lists and reads): approve refuses it until it is re-based. */
  newerRelease: NewerReleaseSchema.nullable().optional(),
  /** The latest verification of a request that makes a release (lists and reads); null: never verified. */
  verification: ChangeRequestVerificationSchema.nullable().optional(),
});
export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;

/** An admin's approval despite a failed, stale, running or missing verification (docs/verification.md, Approval): audited, shown on the release. */
export const OverrideVerificationSchema = z.object({
  reason: z.string().trim().min(10, "Say why it may go out unverified (at least 10 characters)").max(2000),
});

export const DecisionSchema = z.object({
  comment: z.string().trim().max(2000).default(""),
  /** Admins only (403 otherwise). */
  overrideVerification: OverrideVerificationSchema.optional(),
});
export type DecisionInput = z.input<typeof DecisionSchema>;

export const RejectionSchema = z.object({ comment: z.string().trim().min(1, "Say why you reject it").max(2000) });
export type RejectionInput = z.input<typeof RejectionSchema>;

export const ListChangeRequestsQuerySchema = z.object({
  state: z.enum([...CHANGE_REQUEST_STATES, "all"]).default("pending"),
  app: AppNameSchema.optional(),
  kind: z.string().max(64).optional(),
  /** `me`: only requests the caller may approve now. */
  waiting: z.literal("me").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListChangeRequestsQuery = z.input<typeof ListChangeRequestsQuerySchema>;

export const ChangeRequestListSchema = z.object({
  requests: z.array(ChangeRequestSchema.extend({ waitingForMe: z.boolean() })),
});
export type ChangeRequestListItem = ChangeRequest & { waitingForMe: boolean };

export const WaitingCountSchema = z.object({ waiting: z.number() });

/**
 * Editing a pending request withdraws every approval given so far. `change` is for a publish
 * (it replaces the requested change); other kinds take a new comment only.
 */
export const EditChangeRequestSchema = z.object({
  version: z.number().int().positive(),
  comment: z.string().trim().min(1, "Say what changed and why").max(2000),
  change: ReleaseChangeSchema.optional(),
});
export type EditChangeRequestInput = z.input<typeof EditChangeRequestSchema>;

/** Re-basing rebuilds a stale request on the latest release; every approval given so far is withdrawn. */
export const RebaseChangeRequestSchema = z.object({ version: z.number().int().positive() });
export type RebaseChangeRequestInput = z.input<typeof RebaseChangeRequestSchema>;
