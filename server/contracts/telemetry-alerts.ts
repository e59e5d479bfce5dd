import { z } from "zod";

/** An app's Live alert thresholds (README "Telemetry", alerts). */
export const TelemetryAlertSettingsSchema = z.strictObject({
  errorRate: z.number().gt(0).max(1),
  missingRate: z.number().gt(0).max(1),
  staleMinutes: z.number().int().min(1).max(7 * 24 * 60),
  windowMinutes: z.number().int().min(1).max(24 * 60),
  minRequests: z.number().int().min(1).max(1_000_000_000),
});
export type TelemetryAlertSettings = z.infer<typeof TelemetryAlertSettingsSchema>;

export const DEFAULT_TELEMETRY_ALERT_SETTINGS: TelemetryAlertSettings = { errorRate: 0.05, missingRate: 0.2, staleMinutes: 30, windowMinutes: 15, minRequests: 100 };

/** PUT: any of the thresholds; those left out keep their value. */
export const UpdateTelemetryAlertSettingsSchema = TelemetryAlertSettingsSchema.partial().refine((v) => Object.keys(v).length > 0, "Give at least one threshold");

export const TelemetryAlertSettingsViewSchema = TelemetryAlertSettingsSchema.extend({
  /** Whether these are the defaults (nobody set the app's own). */
  defaults: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type TelemetryAlertSettingsView = z.infer<typeof TelemetryAlertSettingsViewSchema>;

export const TELEMETRY_ALERT_KINDS = ["split_mismatch", "error_rate", "missing_rate", "stale_instance"] as const;
export const TelemetryAlertKindSchema = z.enum(TELEMETRY_ALERT_KINDS);
export type TelemetryAlertKind = z.infer<typeof TelemetryAlertKindSchema>;

export const TelemetryAlertSchema = z.object({
  id: z.string(),
  app: z.string(),
  kind: TelemetryAlertKindSchema,
  subject: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  openedAt: z.string(),
  clearedAt: z.string().nullable(),
  deliveryState: z.enum(["none", "pending", "delivered", "failed"]),
  deliveryAttempts: z.number().int(),
  deliveryError: z.string().nullable(),
});
export type TelemetryAlert = z.infer<typeof TelemetryAlertSchema>;

export const TelemetryAlertsQuerySchema = z.strictObject({
  /** "open": only alerts not cleared yet. */
  state: z.enum(["open", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TelemetryAlertsQuery = z.infer<typeof TelemetryAlertsQuerySchema>;
