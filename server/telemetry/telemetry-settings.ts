import { env } from "@/server/env";

/** Retention of telemetry (README "Telemetry"), from the environment unless a caller (a test) says otherwise. */
export interface TelemetrySettings {
  minuteHours: number;
  retentionDays: number;
  reportKeyHours: number;
}

export function telemetrySettings(overrides: Partial<TelemetrySettings> = {}): TelemetrySettings {
  const e = env();
  return {
    minuteHours: e.TELEMETRY_MINUTE_HOURS,
    retentionDays: e.TELEMETRY_RETENTION_DAYS,
    reportKeyHours: e.TELEMETRY_REPORT_KEY_HOURS,
    ...overrides,
  };
}

/** How far ahead of the console's clock a reporter's minute may be (clock skew). */
export const FUTURE_SKEW_MS = 10 * 60_000;
