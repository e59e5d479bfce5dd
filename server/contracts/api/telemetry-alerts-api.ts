import { z } from "zod";
import { AppNameParamsSchema } from "../apps";
import { TelemetryAlertSchema, TelemetryAlertSettingsViewSchema, TelemetryAlertsQuerySchema, UpdateTelemetryAlertSettingsSchema } from "../telemetry-alerts";
import { endpoint } from "./endpoint";

export const listLiveAlerts = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/live/alerts",
  summary: "The app's Live alerts (split mismatch, error rate, missing features, instances on an old release), newest first",
  tag: "telemetry",
  access: "read",
  params: AppNameParamsSchema,
  query: TelemetryAlertsQuerySchema,
  response: z.object({ alerts: z.array(TelemetryAlertSchema) }),
});

export const getLiveAlertSettings = endpoint({
  method: "GET",
  path: "/api/v1/apps/{app}/live/alert-settings",
  summary: "The app's Live alert thresholds (the defaults until someone sets them)",
  tag: "telemetry",
  access: "read",
  params: AppNameParamsSchema,
  response: TelemetryAlertSettingsViewSchema,
});

export const updateLiveAlertSettings = endpoint({
  method: "PUT",
  path: "/api/v1/apps/{app}/live/alert-settings",
  summary: "Sets some of the app's Live alert thresholds",
  tag: "telemetry",
  access: "edit",
  params: AppNameParamsSchema,
  body: UpdateTelemetryAlertSettingsSchema,
  response: TelemetryAlertSettingsViewSchema,
});
