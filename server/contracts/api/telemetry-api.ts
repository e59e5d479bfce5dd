import { BODY_LIMITS } from "../limits";
import { AppNameParamsSchema } from "../apps";
import { LiveQuerySchema, LiveViewSchema, TelemetryQueuedResultSchema, TelemetryReportSchema } from "../telemetry";
import { fastParseTelemetryReport } from "../telemetry-fast-parse";
import { endpoint } from "./endpoint";

export const ingestTelemetry = endpoint({
  method: "POST",
  path: "/api/v1/telemetry",
  summary: "A scoring instance's report of per-minute aggregates, queued (202) and written within a moment; a report sent again (same id) is counted once; 503 with Retry-After while the queue is full",
  tag: "telemetry",
  // People do not report scoring traffic; only admins may post one by hand (a test, a replay).
  access: "admin",
  scopes: ["telemetry:write"],
  body: TelemetryReportSchema,
  fastBody: fastParseTelemetryReport,
  response: TelemetryQueuedResultSchema,
  status: 202,
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
