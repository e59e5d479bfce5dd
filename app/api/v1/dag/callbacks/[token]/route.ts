import { api } from "@/server/contracts/api";
import { answerCallback } from "@/server/dag/callbacks/answer-callback";
import { handle } from "@/server/http/handle";

export const POST = handle(api.dagHookCallback, async ({ db, params, body }) => answerCallback(db, { token: params.token, input: body }));
