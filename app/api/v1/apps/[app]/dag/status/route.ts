import { api } from "@/server/contracts/api";
import { getDagStatus } from "@/server/dag/status/get-dag-status";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getDagStatus, async ({ db, params }) => getDagStatus(db, params.app));
