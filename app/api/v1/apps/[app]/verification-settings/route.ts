import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { readVerificationSettings } from "@/server/verification-settings/read-verification-settings";
import { updateVerificationSettings } from "@/server/verification-settings/update-verification-settings";

export const GET = handle(api.getVerificationSettings, async ({ db, params }) => readVerificationSettings(db, params.app));
export const PUT = handle(api.updateVerificationSettings, async ({ db, actor, params, body }) => updateVerificationSettings(db, { actor, app: params.app, input: body }));
