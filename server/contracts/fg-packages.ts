import { z } from "zod";
import { FgPackageSchema, TensorIOSchema } from "./fg";

/** Versioned fg packages (docs/fg.md): `com.xxx.ranking.fg.LRFg` @ `v2`. Client-safe. */

export const FgClassNameSchema = z
  .string()
  .trim()
  .max(200, "At most 200 characters")
  .regex(/^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/, "A Java-style class name, e.g. com.xxx.ranking.fg.LRFg");

export const FgVersionSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "1-64 characters: letters, digits, . _ and -, e.g. v2");

export const PublishFgVersionSchema = z.object({
  className: FgClassNameSchema,
  version: FgVersionSchema,
  description: z.string().trim().max(1000).default(""),
  package: FgPackageSchema,
});
export type PublishFgVersionInput = z.input<typeof PublishFgVersionSchema>;

export const FgVersionSummarySchema = z.object({
  className: z.string(),
  version: z.string(),
  kind: z.enum(["declarative", "code"]),
  sha256: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type FgVersionSummary = z.infer<typeof FgVersionSummarySchema>;

export const FgVersionDetailSchema = FgVersionSummarySchema.extend({ package: FgPackageSchema });
export type FgVersionDetail = z.infer<typeof FgVersionDetailSchema>;

/** A class and its versions, newest first (v10 after v9). */
export const FgClassSchema = z.object({
  className: z.string(),
  simpleName: z.string(),
  versions: z.array(FgVersionSummarySchema),
});
export type FgClass = z.infer<typeof FgClassSchema>;

export const FgClassParamsSchema = z.object({ fgClass: FgClassNameSchema });
export const FgVersionParamsSchema = z.object({ fgClass: FgClassNameSchema, version: FgVersionSchema });

/** A featureMap as pasted in the try-it box: `origin` is required; `online` defaults to true; a pasted `log` is dropped (each run starts from the same log online and offline). */
export const TryFeatureMapSchema = z
  .record(z.string(), z.unknown())
  .refine((m) => typeof m.origin === "object" && m.origin !== null && !Array.isArray(m.origin), {
    message: 'A featureMap needs an "origin" object',
    path: ["origin"],
  });

export const TryFgSchema = z.object({ featureMap: TryFeatureMapSchema });
export const TryDraftFgSchema = z.object({ package: FgPackageSchema, featureMap: TryFeatureMapSchema });

export const TryFgResultSchema = z.object({
  tensorIO: TensorIOSchema,
  /** featureMap.log after the fg ran (what scoring passes through to its response). */
  log: z.record(z.string(), z.unknown()),
  /** The canonical TensorIO text (what the offline runner writes for this featureMap). */
  canonical: z.string(),
  ms: z.number(),
});
export type TryFgResult = z.infer<typeof TryFgResultSchema>;
