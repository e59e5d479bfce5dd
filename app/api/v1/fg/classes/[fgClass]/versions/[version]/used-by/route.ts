import { api } from "@/server/contracts/api";
import { fgVersionUsedBy } from "@/server/fg-packages/fg-version-used-by";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getFgVersionUsedBy, ({ db, params }) => fgVersionUsedBy(db, { fgClass: params.fgClass, version: params.version }));
