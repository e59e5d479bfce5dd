import { readSolutions } from "@/sdk/src/core/published/read-solutions";
import type { PublishedConfig } from "@/sdk/src/core/published/types";
import { createTelemetryAggregator } from "@/sdk/src/telemetry/create-aggregator";
import { createTelemetryReporter } from "@/sdk/src/telemetry/create-reporter";
import { generateDemoTraffic } from "./telemetry-demo-traffic";

export interface SeedTelemetryOptions {
  /** The console's base URL. */
  url: string;
  /** A token with the scopes `config:read` (to read the app's split) and `telemetry:write`. */
  token: string;
  app: string;
  /** The last minute of traffic is the one before `end` (default now). */
  end?: number;
  minutes: number;
  perMinute: number;
  /** Scoring instances the traffic is spread over (each its own reporter). */
  instances?: number;
  /** Instance ids are `${instancePrefix}-1`, `-2`, ... */
  instancePrefix?: string;
  dropBuckets?: ReadonlySet<number>;
  seed?: number;
}

/**
 * Reports synthetic traffic for an app as scoring services would: the app's published split
 * from the config API, the SDK's aggregator per instance, its reporter posting to
 * `POST /api/v1/telemetry`. Throws if the console refused anything.
 */
export async function seedTelemetry(options: SeedTelemetryOptions): Promise<{ requests: number; revision: number; reports: number }> {
  const base = options.url.replace(/\/+$/, "");
  const res = await fetch(`${base}/api/config/v1/apps/${encodeURIComponent(options.app)}`, { headers: { authorization: `Bearer ${options.token}` } });
  if (!res.ok) throw new Error(`Reading ${options.app}'s published config: the console answered ${res.status} ${await res.text()}`);
  const config = (await res.json()) as PublishedConfig;
  const view = readSolutions(config);

  const count = Math.max(1, options.instances ?? 2);
  const prefix = options.instancePrefix ?? "demo-scorer";
  const aggregators = Array.from({ length: count }, () => createTelemetryAggregator());
  const end = Math.floor((options.end ?? Date.now()) / 60_000) * 60_000;
  let next = 0;
  const requests = generateDemoTraffic(
    { view, app: options.app, revision: config.revision, from: end - options.minutes * 60_000, minutes: options.minutes, perMinute: options.perMinute, dropBuckets: options.dropBuckets, seed: options.seed },
    (request) => aggregators[next++ % count]!.record(request),
  );

  const errors: Error[] = [];
  let reports = 0;
  for (const [i, aggregator] of aggregators.entries()) {
    const reporter = createTelemetryReporter({ url: base, token: options.token, aggregator, instance: `${prefix}-${i + 1}`, host: `${prefix}-host-${i + 1}`, onError: (e) => errors.push(e) });
    await reporter.stop();
    const stats = reporter.stats();
    reports += stats.sent;
    if (stats.queued || stats.droppedReports) errors.push(new Error(`${prefix}-${i + 1}: ${stats.queued} reports not sent, ${stats.droppedReports} refused`));
  }
  if (errors.length) throw new Error(`Telemetry not taken: ${errors.map((e) => e.message).join("; ")}`);
  return { requests, revision: config.revision, reports };
}
