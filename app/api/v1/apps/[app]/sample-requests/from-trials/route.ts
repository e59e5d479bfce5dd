import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { addTrialSamples } from "@/server/samples/add-trial-samples";

export const POST = handle(api.addTrialSamples, async ({ db, actor, params, body }) => addTrialSamples(db, { actor, app: params.app, input: body }));
