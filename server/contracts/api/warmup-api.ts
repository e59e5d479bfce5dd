import { z } from "zod";
import { AppNameSchema } from "../apps";
import { ModelNameSchema } from "../models";
import { endpoint } from "./endpoint";

const WarmupParamsSchema = z.object({
  model: ModelNameSchema,
  version: z.coerce.number({ error: "Expected a version number" }).int("Expected a whole version number").positive("Expected a version number"),
});
const WarmupQuerySchema = z.object({ app: AppNameSchema });

export const getWarmupFile = endpoint({
  method: "GET",
  path: "/api/v1/models/{model}/versions/{version}/warmup",
  summary:
    "TF Serving's warmup file (TFRecord of PredictionLog) for a model version, built from the app's sample requests; " +
    "put it at <version>/assets.extra/tf_serving_warmup_requests (application/octet-stream)",
  tag: "models",
  access: "edit",
  params: WarmupParamsSchema,
  query: WarmupQuerySchema,
});
