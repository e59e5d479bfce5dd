import { BODY_LIMITS } from "../limits";
import { ScoreRequestSchema, ScoreResponseSchema } from "../scoring";
import { endpoint } from "./endpoint";

export const score = endpoint({
  method: "POST",
  path: "/api/v1/score",
  summary:
    "Trial-score a request through the whole flow (bucket, solution, features, fg, Predict on a registered instance); changes nothing. Errors name the failing stage in details.stage with the trace so far. With `items` (one user × many items) it answers each item's outputs or error in request order; at most SCORING_MAX_ITEMS items (default 200, 422 past it)",
  tag: "scoring",
  access: "signed_in",
  body: ScoreRequestSchema,
  response: ScoreResponseSchema,
  maxBodyBytes: BODY_LIMITS.score,
});
