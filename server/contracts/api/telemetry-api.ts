import { BODY_LIMITS } from "../limits";
import { AppNameParamsSchema } from "../apps";
import { LiveQuerySchema, LiveViewSchema, TelemetryIngestResultSchema, TelemetryReportSchema } from "../telemetry";
import { endpoint } from "./endpoint";

export const ingestTelemetry = endpoint({
  method: "POST",
  path: "/api/v1/telemetry",
  summary: "A scoring instance's report of per-minute aggregates; a report sent again (same id) is counted once",
  tag: "telemetry",
  // People do not report scoring traffic; only admins may post one by hand (a test, a replay).
  access: "admin",
  scopes: ["telemetry:write"],
  body: TelemetryReportSchema,
  response: TelemetryIngestResultSchema,
  maxBodyBytes: BODY_LIMITS.telemetryReport,
});

export const getLive = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/live",
  summary: "What each solution did in a window (traffic, errors, latency, missing features, outputs), the split check and the scoring instances",
  tag: "telemetry",
  access: "read",
  params: AppNameParamsSchema,
  query: LiveQuerySchema,
  response: LiveViewSchema,
});
