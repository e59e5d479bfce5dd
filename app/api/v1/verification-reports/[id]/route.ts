import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { getReport } from "@/server/verification/get-report";

export const GET = handle(api.getVerificationReport, async ({ db, params }) => getReport(db, params.id));
