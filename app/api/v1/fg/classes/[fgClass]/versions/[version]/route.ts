import { api } from "@/server/contracts/api";
import { getFgVersion } from "@/server/fg-packages/get-fg-version";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getFgVersion, async ({ db, params }) => getFgVersion(db, params.fgClass, params.version));
