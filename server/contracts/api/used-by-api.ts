import { z } from "zod";
import { FeatureTableParamsSchema } from "../feature-tables";
import { FgVersionParamsSchema } from "../fg-packages";
import { ModelNameSchema } from "../models";
import { FeatureTableUsedBySchema, FgVersionUsedBySchema, ModelVersionUsedBySchema } from "../used-by";
import { endpoint } from "./endpoint";

export const getModelVersionUsedBy = endpoint({
  method: "GET",
  path: "/api/v1/models/{model}/versions/{version}/used-by",
  summary: "The apps, solutions and releases that score with a model version (live, draft, pending requests) and the labels that point at it",
  tag: "models",
  access: "read",
  params: z.object({
    model: ModelNameSchema,
    version: z.coerce.number({ error: "Expected a version number" }).int("Expected a whole version number").positive("Expected a version number").max(Number.MAX_SAFE_INTEGER),
  }),
  response: ModelVersionUsedBySchema,
});

export const getFgVersionUsedBy = endpoint({
  method: "GET",
  path: "/api/v1/fg/classes/{fgClass}/versions/{version}/used-by",
  summary: "The apps, solutions and releases that run an fg version (live, draft, pending requests)",
  tag: "fg",
  access: "read",
  params: FgVersionParamsSchema,
  response: FgVersionUsedBySchema,
});

export const getFeatureTableUsedBy = endpoint({
  method: "GET",
  path: "/api/v1/feature-tables/{table}/used-by",
  summary: "The feature templates that read a table, per solution (live, draft, pending requests)",
  tag: "feature-tables",
  access: "read",
  params: FeatureTableParamsSchema,
  response: FeatureTableUsedBySchema,
});
