import { z } from "zod";

/**
 * Client-safe shapes of "used by": where a model version, an fg version or a feature table is
 * referenced by an app's solutions, live (the latest delivered release), in the draft or in a
 * pending publish request.
 */
export const UseWhereSchema = z.enum(["live", "draft", "pending"]);
export type UseWhere = z.infer<typeof UseWhereSchema>;

export const SolutionUseSchema = z.object({
  app: z.string(),
  solution: z.string(),
  where: UseWhereSchema,
  /** The release (live) or the change request (pending) the solution is read from. */
  release: z.object({ id: z.string(), seq: z.number().int() }).nullable(),
  changeRequest: z.object({ id: z.string(), title: z.string() }).nullable(),
  /** The version key the solution names, when it names one rather than a number. */
  via: z.string().nullable(),
  /** For a feature table: the features of the solution whose templates read it. */
  features: z.array(z.object({ name: z.string(), template: z.string() })).optional(),
});
export type SolutionUse = z.infer<typeof SolutionUseSchema>;

export const ModelVersionUsedBySchema = z.object({
  model: z.string(),
  version: z.number().int(),
  uses: z.array(SolutionUseSchema),
  /** Labels of the model that point at this version. */
  labels: z.array(z.string()),
});
export type ModelVersionUsedBy = z.infer<typeof ModelVersionUsedBySchema>;

export const FgVersionUsedBySchema = z.object({ fgClass: z.string(), version: z.string(), uses: z.array(SolutionUseSchema) });
export type FgVersionUsedBy = z.infer<typeof FgVersionUsedBySchema>;

export const FeatureTableUsedBySchema = z.object({ table: z.string(), uses: z.array(SolutionUseSchema) });
export type FeatureTableUsedBy = z.infer<typeof FeatureTableUsedBySchema>;

/** What a model operation that could break live scoring affects: the 409 confirmation_required details. */
export const OperationAffectsSchema = z.object({
  model: z.string(),
  version: z.number().int(),
  apps: z.array(z.string()),
  solutions: z.array(z.object({ app: z.string(), solution: z.string() })),
  labels: z.array(z.string()),
});
export type OperationAffects = z.infer<typeof OperationAffectsSchema>;
