import { api } from "@/server/contracts/api";
import { tryFgVersion } from "@/server/fg-packages/try-fg";
import { handle } from "@/server/http/handle";

export const POST = handle(api.tryFgVersion, async ({ db, params, body }) =>
  tryFgVersion(db, { className: params.fgClass, version: params.version, featureMap: body.featureMap }),
);
