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

/** Whether a series' minute is one the console keeps per minute at `now`: not older than `minuteHours`, not beyond the clock skew ahead. */
export function minutesKept(settings: TelemetrySettings, now: Date): (minute: string) => boolean {
  const earliest = now.getTime() - settings.minuteHours * 3_600_000;
  const latest = now.getTime() + FUTURE_SKEW_MS;
  return (minute) => {
    const t = Date.parse(minute);
    return t >= earliest && t <= latest;
  };
}
