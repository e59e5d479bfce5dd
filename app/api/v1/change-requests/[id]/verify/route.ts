import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { rerunVerification } from "@/server/approvals/rerun-verification";

export const POST = handle(api.verifyChangeRequest, async ({ db, actor, params }) => rerunVerification(db, { actor, id: params.id }));
