import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { ingestReport } from "@/server/telemetry/ingest-report";

export const POST = handle(api.ingestTelemetry, async ({ db, body }) => ingestReport(db, { report: body }));
