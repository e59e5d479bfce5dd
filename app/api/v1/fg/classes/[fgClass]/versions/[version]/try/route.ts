import { api } from "@/server/contracts/api";
import { tryFgVersion } from "@/server/fg-packages/try-fg";
import { handle } from "@/server/http/handle";

export const POST = handle(api.tryFgVersion, async ({ db, actor, params, body }) =>
  tryFgVersion(db, { actor, className: params.fgClass, version: params.version, featureMap: body.featureMap }),
);
