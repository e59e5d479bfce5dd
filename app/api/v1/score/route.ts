import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { scoreTrial } from "@/server/scoring/score-trial";

export const POST = handle(api.score, async ({ db, actor, body }) => scoreTrial(db, { actor, request: body }));
