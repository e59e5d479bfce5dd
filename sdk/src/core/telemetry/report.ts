import type { BucketSeries, SolutionSeries } from "./series";

/**
 * One report a scoring instance sends to `POST /api/v1/telemetry` (README "Telemetry"). `id` is
 * its idempotency key: a report sent again (a retry after a lost answer) is counted once.
 */
export interface TelemetryReport {
  id: string;
  instance: string;
  host: string;
  /** The window the report covers, ISO 8601. */
  from: string;
  to: string;
  /** app -> the release revision the instance runs now (sent even without traffic: a heartbeat). */
  releases: Record<string, string>;
  solutions: SolutionSeries[];
  buckets: BucketSeries[];
  /** Reports and records this instance dropped since its last accepted report (outage, caps). */
  dropped: { reports: number; records: number };
}

/** What one report may hold; the console refuses more (422), a reporter splits before it. */
export const TELEMETRY_LIMITS = {
  /** Solution series (app x release x solution x minute) in one report. */
  solutionSeries: 2_000,
  /** Bucket series (app x release x bucket x minute) in one report. */
  bucketSeries: 20_000,
  /** Named entries of one series' errors, latency, outputs or missing map. */
  namesPerMap: 200,
  /** Keys of one histogram (buckets + sum): 2 x 481 + 2 fits. */
  histogramKeys: 1_000,
  /** Apps in `releases`. */
  apps: 200,
  /** Characters of a name (app, release, solution, stage, output, feature, instance, host). */
  nameChars: 200,
  /** Bytes of a report's body. */
  bodyBytes: 4 * 1024 * 1024,
} as const;
