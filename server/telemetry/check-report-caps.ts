import type { TelemetryReportInput } from "@/server/contracts/telemetry";
import { assertWithinCap } from "@/server/limits/assert-within-cap";

/** 422 naming the cap when a report holds more series, names or histogram keys than one report may. */
export function checkReportCaps(report: TelemetryReportInput): void {
  assertWithinCap("telemetrySolutionSeries", report.solutions.length, (n) => `A telemetry report holds at most ${n} solution series; send more reports`);
  assertWithinCap("telemetryBucketSeries", report.buckets.length, (n) => `A telemetry report holds at most ${n} bucket series; send more reports`);
  assertWithinCap("telemetryApps", Object.keys(report.releases).length, (n) => `A telemetry report names at most ${n} apps`);
  for (const [i, s] of report.solutions.entries()) {
    for (const field of ["errors", "latency", "outputs", "missing"] as const) {
      assertWithinCap("telemetryNamesPerMap", Object.keys(s[field]).length, (n) => `A series' ${field} holds at most ${n} names`, { path: ["solutions", i, field] });
    }
    for (const field of ["latency", "outputs"] as const) {
      for (const [name, histogram] of Object.entries(s[field])) {
        assertWithinCap("telemetryHistogramKeys", Object.keys(histogram).length, (n) => `A histogram holds at most ${n} keys`, { path: ["solutions", i, field, name] });
      }
    }
  }
}
