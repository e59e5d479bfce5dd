import { and, eq, gte, lte, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { telemetryBucketRows, telemetryInstances, telemetrySolutionRows } from "@/db/schema";
import { readSolutions } from "@/sdk/src/core/published/read-solutions";
import type { TelemetryAlertKind, TelemetryAlertSettings } from "@/server/contracts/telemetry-alerts";
import { getLiveRelease } from "@/server/releases/get-live-release";
import { checkSplit } from "../check-split";
import { FIVE_MINUTE_SPAN } from "../five-minute-rows";

/** A condition the check finds true now; an alert episode is open while it stays true. */
export interface LiveCondition {
  kind: TelemetryAlertKind;
  /** What it is about: a solution, an instance, or "split". */
  subject: string;
  message: string;
  details: Record<string, unknown>;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const sumOf = (counts: Record<string, number | string>) => Object.values(counts).reduce<number>((n, v) => n + Number(v), 0);

/**
 * What is wrong with an app's scoring now, over the last `windowMinutes` before `now`:
 * a solution's error rate or its worst feature's missing rate over the app's threshold (with at
 * least `minRequests` requests), a sample-ratio mismatch of the live release's split (the Live
 * view's check), and an instance that, `staleMinutes` after a newer release was delivered, still
 * reports an older one.
 */
export async function findLiveConditions(db: Db, opts: { app: string; settings: TelemetryAlertSettings; now: Date }): Promise<LiveCondition[]> {
  const { app, settings, now } = opts;
  const from = new Date(now.getTime() - settings.windowMinutes * 60_000);
  const conditions: LiveCondition[] = [];
  const t = telemetrySolutionRows;
  const rows = await db
    .select({
      solution: t.solution,
      requests: sql<number>`sum(${t.requests})`.mapWith(Number),
      errors: sql<Record<string, number>>`telemetry_sum_counts(${t.errors})`,
      missing: sql<Record<string, number>>`telemetry_sum_counts(${t.missing})`,
    })
    .from(t)
    // The 5-minute rows repeat the minute rows: one grain only.
    .where(and(eq(t.app, app), gte(t.start, from), lte(t.start, now), ne(t.span, FIVE_MINUTE_SPAN)))
    .groupBy(t.solution)
    .orderBy(t.solution);
  for (const r of rows) {
    if (r.requests < settings.minRequests) continue;
    const errorRate = sumOf(r.errors) / r.requests;
    if (errorRate > settings.errorRate) {
      conditions.push({
        kind: "error_rate",
        subject: r.solution,
        message: `Solution ${r.solution} of ${app} failed ${pct(errorRate)} of ${r.requests} requests in the last ${settings.windowMinutes} min (threshold ${pct(settings.errorRate)})`,
        details: { errorRate, requests: r.requests, errors: r.errors, threshold: settings.errorRate, windowMinutes: settings.windowMinutes },
      });
    }
    const [feature, missing] = Object.entries(r.missing)
      .map(([f, n]) => [f, Number(n)] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ["", 0];
    const missingRate = missing / r.requests;
    if (missingRate > settings.missingRate) {
      conditions.push({
        kind: "missing_rate",
        subject: r.solution,
        message: `Feature ${feature} was missing in ${pct(missingRate)} of ${r.requests} requests of solution ${r.solution} of ${app} in the last ${settings.windowMinutes} min (threshold ${pct(settings.missingRate)})`,
        details: { feature, missingRate, requests: r.requests, threshold: settings.missingRate, windowMinutes: settings.windowMinutes },
      });
    }
  }

  const release = await getLiveRelease(db, app);
  if (!release || release.deliveryState !== "delivered" || release.revision === null) return conditions;
  const label = String(release.revision);

  const b = telemetryBucketRows;
  const byBucket = await db
    .select({ bucket: b.bucket, requests: sql<number>`sum(${b.requests})`.mapWith(Number) })
    .from(b)
    .where(and(eq(b.app, app), eq(b.release, label), gte(b.start, from), lte(b.start, now)))
    .groupBy(b.bucket);
  const view = documentOf(app, release);
  if (view) {
    const check = checkSplit(view.solutions, view.settings.bucketCount, new Map(byBucket.map((r) => [r.bucket, r.requests])));
    if (check.solutions.status === "mismatch" || check.buckets.status === "mismatch") {
      const flagged = check.solutions.status === "mismatch" ? check.solutions : check.buckets;
      const shares = Object.fromEntries([...check.shares].map(([name, s]) => [name, s]));
      conditions.push({
        kind: "split_mismatch",
        subject: "split",
        message: `The split of ${app}'s release ${label} is off over the last ${settings.windowMinutes} min: ${Object.entries(shares)
          .map(([name, s]) => `${name} ${s.observed === null ? "-" : pct(s.observed)} of requests for ${pct(s.configured)} configured`)
          .join(", ")} (p = ${flagged.status === "mismatch" ? flagged.pValue.toExponential(1) : "?"})`,
        details: { release: label, shares, solutions: check.solutions, buckets: check.buckets },
      });
    }
  }

  const deliveredAt = release.deliveredAt ?? release.createdAt;
  if (now.getTime() - deliveredAt.getTime() >= settings.staleMinutes * 60_000) {
    const i = telemetryInstances;
    const instances = await db
      .select({ instance: i.instance, host: i.host, release: i.release, lastReport: i.lastReport })
      .from(i)
      .where(and(eq(i.app, app), gte(i.lastReport, from)))
      .orderBy(i.instance);
    for (const inst of instances) {
      const revision = Number(inst.release);
      if (Number.isFinite(revision) && revision >= release.revision) continue;
      conditions.push({
        kind: "stale_instance",
        subject: inst.instance,
        message: `Instance ${inst.instance} (${inst.host}) still runs release ${inst.release} of ${app}, ${Math.floor((now.getTime() - deliveredAt.getTime()) / 60_000)} min after release ${label} was delivered (threshold ${settings.staleMinutes} min)`,
        details: { instance: inst.instance, host: inst.host, release: inst.release, live: label, deliveredAt: deliveredAt.toISOString(), staleMinutes: settings.staleMinutes },
      });
    }
  }
  return conditions;
}

function documentOf(app: string, release: NonNullable<Awaited<ReturnType<typeof getLiveRelease>>>) {
  try {
    return readSolutions({ app, revision: release.revision ?? 0, releaseId: release.id, document: release.document, versions: release.versions });
  } catch {
    return null;
  }
}
