import { z } from "zod";
import { ChangeRequestSchema } from "./approvals";
import type { ChangeRequestKind } from "./change-kinds";
import { DagDocumentSchema } from "./dag";
import { DagRecordSchema } from "./dag-save";

/**
 * A DAG save that would weaken review (docs/dag.md, "Saves that need a reviewer") becomes a
 * `dag_change` change request instead of taking effect: these are the reasons it gives, what
 * its payload holds, and what the save answers (202) in that case.
 */

/** A reviewed trigger node the old paths had and the new path lacks, and why. */
export const LostReviewerSchema = z.object({
  node: z.string(),
  why: z.enum(["flag_removed", "node_removed", "bypassed"]),
});
export type LostReviewer = z.infer<typeof LostReviewerSchema>;

export const ReviewWeakeningSchema = z.discriminatedUnion("kind", [
  z.object({
    /** A path from a data node to an output node passes fewer reviewed trigger nodes than before. */
    kind: z.literal("fewer_reviews"),
    data: z.string(),
    output: z.string(),
    /** Node keys, data first, output last: the new path with the fewest reviewed triggers. */
    path: z.array(z.string()),
    reviewedBefore: z.number().int(),
    reviewedAfter: z.number().int(),
    lost: z.array(LostReviewerSchema),
  }),
  z.object({
    /** A trigger node's hook URL changes (the hook decides what version confirms). */
    kind: z.literal("hook_url_changed"),
    node: z.string(),
    before: z.string(),
    after: z.string(),
  }),
]);
export type ReviewWeakening = z.infer<typeof ReviewWeakeningSchema>;

export const DAG_CHANGE_KIND = "dag_change" satisfies ChangeRequestKind;

/** The payload of a `dag_change` request: the save as asked, and the DAG version it was built on. */
export const DagChangePayloadSchema = z.object({
  app: z.string(),
  baseVersion: z.number().int().min(0),
  document: DagDocumentSchema,
  alertWebhookUrl: z.string().nullable(),
});
export type DagChangePayload = z.infer<typeof DagChangePayloadSchema>;

/** The diff a `dag_change` request shows its reviewer. */
export const DagChangeDiffSchema = z.object({
  baseVersion: z.number().int(),
  reasons: z.array(ReviewWeakeningSchema),
});
export type DagChangeDiff = z.infer<typeof DagChangeDiffSchema>;

/** What a save that waits for review answers (202): the request, and the DAG as it still is. */
export const DagSavePendingSchema = z.object({
  pendingReview: ChangeRequestSchema,
  current: DagRecordSchema,
});
export type DagSavePending = z.infer<typeof DagSavePendingSchema>;

/** A save answers the saved DAG (200) or, when it weakens review, the request that waits (202). */
export const DagSaveResultSchema = z.union([DagRecordSchema, DagSavePendingSchema]);
export type DagSaveResult = z.infer<typeof DagSaveResultSchema>;

export function isPendingDagSave(result: DagSaveResult): result is DagSavePending {
  return "pendingReview" in result;
}

/** One line per reason, for the Approvals card and the DAG page. */
export function describeWeakening(reason: ReviewWeakening): string {
  if (reason.kind === "hook_url_changed") {
    return reason.before === reason.after ? `${reason.node}: hook URL credentials changed (${reason.after})` : `${reason.node}: hook URL ${reason.before} → ${reason.after}`;
  }
  const lost = reason.lost.map((l) => `${l.node} ${LOST_WORDS[l.why]}`).join("; ");
  return (
    `${reason.path.join(" → ")}: ${reason.reviewedAfter} reviewed trigger node(s) on the path, was at least ${reason.reviewedBefore}` +
    (lost ? ` (${lost})` : "")
  );
}

const LOST_WORDS: Record<LostReviewer["why"], string> = {
  flag_removed: "no longer needs a reviewer",
  node_removed: "is removed",
  bypassed: "is bypassed",
};
