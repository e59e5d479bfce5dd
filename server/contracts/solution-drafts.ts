import { z } from "zod";
import { ChangeRequestSchema } from "./approvals";
import { AppNameParamsSchema } from "./apps";
import { ContentDiffSchema, ReleaseSchema } from "./releases";
import { BucketListSchema, SolutionNameSchema, SolutionSchema, SolutionsDocumentSchema } from "./solutions";

/**
 * Client-safe shapes of the solutions API: an app's draft (its solutions, their split and the
 * version every write must name) and the bodies of the writes. The editor validates with these.
 */

/** The draft version an edit was based on; 0 before the app's first solution. A stale one is a 409. */
export const DraftVersionSchema = z.number({ error: "Send the draft version you edited" }).int().min(0);

export const SolutionParamsSchema = AppNameParamsSchema.extend({ solution: SolutionNameSchema });

export const SaveSolutionSchema = z.strictObject({ version: DraftVersionSchema, solution: SolutionSchema });
export type SaveSolutionInput = z.input<typeof SaveSolutionSchema>;

export const CloneSolutionSchema = z.strictObject({ version: DraftVersionSchema, name: SolutionNameSchema });
export type CloneSolutionInput = z.input<typeof CloneSolutionSchema>;

export const DeleteSolutionSchema = z.strictObject({ version: DraftVersionSchema });

/** The whole split: every solution of the app by name -> its buckets. */
export const SaveSplitSchema = z.strictObject({
  version: DraftVersionSchema,
  buckets: z.record(SolutionNameSchema, BucketListSchema),
});
export type SaveSplitInput = z.input<typeof SaveSplitSchema>;

const DocumentFieldSchema = z.unknown().refine((v) => v !== undefined, "Send the solutions document");

export const PreviewImportSchema = z.strictObject({ document: DocumentFieldSchema });
export const ImportSolutionsSchema = z.strictObject({ version: DraftVersionSchema, document: DocumentFieldSchema });
export type ImportSolutionsInput = z.input<typeof ImportSolutionsSchema>;

export const PublishSolutionsSchema = z.strictObject({
  version: DraftVersionSchema,
  comment: z.string().trim().min(1, "Say what this publish changes and why").max(2000),
});
export type PublishSolutionsInput = z.input<typeof PublishSolutionsSchema>;

export const SplitCheckSchema = z.object({
  ok: z.boolean(),
  gaps: z.array(z.number()),
  overlaps: z.array(z.object({ bucket: z.number(), solutions: z.array(z.string()) })),
  outOfRange: z.array(z.object({ bucket: z.number(), solution: z.string() })),
});

export const SolutionsDraftSchema = z.object({
  app: z.object({ name: z.string(), bucketCount: z.number(), hashKey: z.string(), salt: z.string() }),
  /** 0 until the first change. */
  version: z.number(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** In document order. */
  solutions: z.array(SolutionSchema),
  split: SplitCheckSchema,
});
export type SolutionsDraft = z.infer<typeof SolutionsDraftSchema>;

export const MoveSummarySchema = z.object({
  moves: z.array(z.object({ from: z.string().nullable(), to: z.string().nullable(), buckets: z.array(z.number()), share: z.number() })),
  movedBuckets: z.number(),
  movedShare: z.number(),
});

/** One field of a solution that differs (server/solutions/diff-solutions.ts). */
export const SolutionFieldChangeSchema = z.union([
  /** A feature added (before null), removed (after null) or given another template. */
  z.object({ field: z.templateLiteral(["features.", z.string()]), before: z.string().nullable(), after: z.string().nullable() }),
  z.object({ field: z.enum(["model.name", "model.version", "fg.class", "fg.version"]), before: z.string(), after: z.string() }),
  z.object({ field: z.literal("buckets"), before: z.array(z.number()), after: z.array(z.number()), added: z.array(z.number()), removed: z.array(z.number()) }),
]);

export const SolutionsDiffSchema = z.object({
  added: z.array(SolutionSchema),
  removed: z.array(SolutionSchema),
  changed: z.array(
    z.object({
      name: z.string(),
      changes: z.array(SolutionFieldChangeSchema),
    }),
  ),
  unchanged: z.array(z.string()),
});

/** How one set of solutions differs from another: what an import would do, or the draft vs the last release. */
export const SolutionsComparisonSchema = z.object({
  diff: SolutionsDiffSchema,
  /** Which buckets change solution; null when either side's split has overlaps or buckets out of range. */
  moves: MoveSummarySchema.nullable(),
  /** The same solutions in another order (the document changes, the scoring does not). */
  orderChanged: z.boolean(),
  /** False when the exported documents of both sides are byte-equal. */
  changes: z.boolean(),
});
export type SolutionsComparison = z.infer<typeof SolutionsComparisonSchema>;

export const ImportPreviewSchema = SolutionsComparisonSchema.extend({
  /** The document as it would be exported after the import (canonical form). */
  document: SolutionsDocumentSchema,
  /** The imported split against the app's bucket count; an import is refused unless ok. */
  split: SplitCheckSchema,
  bucketCount: z.number(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportResultSchema = z.object({ changed: z.boolean(), draft: SolutionsDraftSchema });

export const DraftComparisonSchema = SolutionsComparisonSchema.extend({
  /** The last published release of the app, or null before the first publish. */
  published: z.object({ releaseId: z.string(), seq: z.number(), document: z.unknown() }).nullable(),
  /** The draft version compared. */
  version: z.number(),
  /** Key by key, the published content against what publishing the draft would send (sdk/src/core/releases/release-diff.ts). */
  contentDiff: ContentDiffSchema,
});
export type DraftComparison = z.infer<typeof DraftComparisonSchema>;

export const PublishResultSchema = z.object({
  /** Set when the publish waits for approval. */
  changeRequest: ChangeRequestSchema.nullable(),
  /** Set when the release was created at once (the app needs no approval). */
  release: ReleaseSchema.nullable(),
});
export type PublishResult = z.infer<typeof PublishResultSchema>;

/** Resetting the draft to live, or restoring its backup: the version the person saw. */
export const DraftVersionBodySchema = z.strictObject({ version: DraftVersionSchema });
export type DraftVersionBody = z.input<typeof DraftVersionBodySchema>;

/**
 * The draft against live (the app's latest delivered release: what scoring services hold), and
 * the backup a delivered rollback left of the draft it replaced.
 */
export const DraftStatusSchema = z.object({
  version: z.number(),
  live: z.object({ id: z.string(), seq: z.number() }).nullable(),
  differsFromLive: z.boolean(),
  /** What a reset to live would discard: solutions by name, and buckets that would change solution. */
  changes: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()), movedBuckets: z.number().nullable() }),
  backup: z.object({ savedAt: z.string(), releaseSeq: z.number(), rollbackOfSeq: z.number().nullable(), solutions: z.array(z.string()) }).nullable(),
});
export type DraftStatus = z.infer<typeof DraftStatusSchema>;
