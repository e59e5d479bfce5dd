import { api } from "@/server/contracts/api";
import { handle } from "@/server/http/handle";
import { queueReport } from "@/server/telemetry/queue-report";

export const POST = handle(api.ingestTelemetry, async ({ db, body }) => queueReport(db, body));
