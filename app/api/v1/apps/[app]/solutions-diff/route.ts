import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { compareDraftWithRelease } from "@/server/solutions/compare-draft-with-release";

export const GET = handle(api.getSolutionsDiff, async ({ db, params }) => compareDraftWithRelease(db, params.app));
