import { api } from "@/server/contracts/api";
import { listAudit } from "@/server/audit/list-audit";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listAudit, async ({ db, query }) => listAudit(db, query));
