import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { telemetryBucketRows, telemetryInstances } from "@/db/schema";
import { readSolutions, type AppView } from "@/sdk/src/core/published/read-solutions";
import { getApp } from "@/server/apps/get-app";
import type { LiveQuery, LiveView } from "@/server/contracts/telemetry";
import { getLiveRelease } from "@/server/releases/get-live-release";
import { checkSplit } from "./check-split";
import { liveWindow } from "./live-window";
import { readLiveSeries } from "./read-live-series";

/**
 * GET /api/v1/apps/{app}/live: each solution's behaviour over a window (every release), its
 * observed share against the live release's configured share with the split check (the live
 * release's traffic only), and the app's scoring instances.
 */
export async function readLive(db: Db, opts: { app: string; query: LiveQuery; now?: Date }): Promise<LiveView> {
  await getApp(db, opts.app);
  const window = liveWindow(opts.query, opts.now);
  const inWindow = (t: typeof telemetryBucketRows) => and(eq(t.app, opts.app), gte(t.start, window.from), lt(t.start, window.to));

  // Independent reads, at once (one connection each on PostgreSQL).
  const [solutions, { release, view, byBucket }, instances] = await Promise.all([
    readLiveSeries(db, { app: opts.app, window }),
    readReleaseSplit(db, opts.app, inWindow),
    db.select().from(telemetryInstances).where(eq(telemetryInstances.app, opts.app)).orderBy(desc(telemetryInstances.lastReport), asc(telemetryInstances.instance)),
  ]);

  const label = release?.revision != null ? String(release.revision) : null;
  let split: LiveView["split"] = null;
  const shares = new Map<string, { configured: number | null; observed: number | null }>();
  if (view && byBucket) {
    const check = checkSplit(view.solutions, view.settings.bucketCount, new Map(byBucket.map((r) => [r.bucket, r.requests])));
    for (const [name, share] of check.shares) shares.set(name, share);
    split = { solutions: check.solutions, buckets: check.buckets };
    // A configured solution without traffic is still shown (its share is what is missing).
    for (const s of view.solutions) if (!solutions.some((x) => x.solution === s.name)) solutions.push(emptySolution(s.name, window.points, window));
    solutions.sort((a, b) => a.solution.localeCompare(b.solution));
  }

  return {
    app: opts.app,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    step: window.step,
    release: release ? { id: release.id, seq: release.seq, revision: release.revision, label: label ?? "none" } : null,
    solutions: solutions.map((s) => ({ ...s, observedShare: shares.get(s.solution)?.observed ?? null, configuredShare: shares.get(s.solution)?.configured ?? null })),
    split,
    instances: instances.map((i) => ({
      instance: i.instance,
      host: i.host,
      release: i.release,
      firstSeen: i.firstSeen.toISOString(),
      releaseSince: i.releaseSince.toISOString(),
      lastReport: i.lastReport.toISOString(),
      droppedReports: i.droppedReports,
      droppedRecords: i.droppedRecords,
    })),
  };
}

/** The live release, its document, and its requests per bucket in the window (the live release's traffic only). */
async function readReleaseSplit(db: Db, app: string, inWindow: (t: typeof telemetryBucketRows) => SQL | undefined) {
  const release = await getLiveRelease(db, app);
  const view = release && release.revision !== null ? readDocument(app, release) : null;
  if (!view || release?.revision == null) return { release, view, byBucket: null };
  const byBucket = await db
    .select({ bucket: telemetryBucketRows.bucket, requests: sql<number>`sum(${telemetryBucketRows.requests})`.mapWith(Number) })
    .from(telemetryBucketRows)
    .where(and(inWindow(telemetryBucketRows), eq(telemetryBucketRows.release, String(release.revision))))
    .groupBy(telemetryBucketRows.bucket);
  return { release, view, byBucket };
}

function readDocument(app: string, release: NonNullable<Awaited<ReturnType<typeof getLiveRelease>>>): AppView | null {
  try {
    return readSolutions({ app, revision: release.revision ?? 0, releaseId: release.id, document: release.document, versions: release.versions });
  } catch {
    return null;
  }
}

function emptySolution(solution: string, points: number, window: { from: Date; step: number }) {
  return {
    solution,
    requests: 0,
    items: 0,
    errors: {},
    outputs: {},
    series: Array.from({ length: points }, (_, i) => ({
      t: new Date(window.from.getTime() + i * window.step * 1000).toISOString(),
      requests: 0,
      items: 0,
      errorRate: {},
      latency: {},
      missingRate: {},
      outputMean: {},
    })),
  };
}
