/**
 * Issue 21's two performance goals, in one run:
 *
 * 1. "runtime": CPU µs per scoring request through the runtime (createScoringRuntime) with no
 *    hooks, with telemetry (the SDK's aggregator, drained into a report as the reporter does every
 *    interval), and with telemetry plus the feature log at sample 0 (the default: asked, never
 *    logging). In-memory ports (tables, fg, model as plain functions), so what is measured is the
 *    runtime's own cost and the hooks' share of it. Single requests and batches of 20 items, two
 *    solutions split over 100 buckets. CPU time (process.cpuUsage: the machine is shared, wall
 *    time is not this process's), one runtime per variant for the whole run, and the variants
 *    alternate in short rounds (A B C, then C B A) over the same requests, a full GC before each
 *    slice (not counted) so no variant pays for another's garbage. Each variant's figure is its
 *    median round; the overhead is the median of the rounds' own ratios (a round's variants ran
 *    moments apart, so a load change between rounds cancels). Goal: telemetry under 3% more.
 * 2. "live query": 24 h x 10 solutions of minute rows (and 100 buckets' rows) for favpush in a
 *    PGlite on disk, inserted directly in the shape the ingest merge leaves (one row per minute per
 *    key, realistic histograms, and the 5-minute rows beside them), then readLive (GET /api/v1/apps/{app}/live's domain function) for
 *    the 24 h window, timed (wall and this process's CPU): a first read with nothing kept, and the
 *    page polling every 10 s (the closed hours kept, read-live-series.ts). Goal: under 300 ms.
 *
 *    With --pg=URL (or TEST_DATABASE_URL: a PostgreSQL server's admin URL) the same on a new
 *    database there, dropped afterwards.
 *
 *   npx tsx bench/live-telemetry.ts [--rounds=31] [--requests=1000] [--only=runtime|live] [--pg=postgres://…]
 * Writes bench/results/live-telemetry.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/db/client";
import { releases, telemetryBucketRows, telemetrySolutionRows } from "@/db/schema";
import { seedFavpushWorld } from "@/db/seed";
import { histogramOf } from "@/sdk/src/core/telemetry/histogram";
import { emptyCounts, mergeSolutionCounts, type SolutionCounts } from "@/sdk/src/core/telemetry/series";
import { createScoringRuntime, type RuntimeOptions } from "@/sdk/src/runtime/create-runtime";
import { createFeatureLogger } from "@/sdk/src/runtime/feature-log/create-feature-logger";
import type { Observed } from "@/sdk/src/runtime/observed";
import { createInstanceRotation } from "@/sdk/src/runtime/predict-with-failover";
import { reportScored, type RuntimeHooks } from "@/sdk/src/runtime/report-scored";
import { scoreWithPorts } from "@/sdk/src/runtime/score";
import { scoreBatchWithPorts } from "@/sdk/src/runtime/score-batch";
import { batch, ports, single } from "./lib/in-memory-scoring-ports";
import type { ScoreRequest } from "@/sdk/src/runtime/types";
import { createTelemetryAggregator } from "@/sdk/src/telemetry/create-aggregator";
import { readLive } from "@/server/telemetry/read-live";
import { forgetLiveSpans } from "@/server/telemetry/read-live-series";
import { mergeResults } from "./lib/results-file";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
const ROUNDS = Number(arg("rounds") ?? 31);
/** Single requests per variant and round (batches: a fifth as many). */
const REQUESTS = Number(arg("requests") ?? 1000);
const ONLY = arg("only");

// ---------- 1. the runtime's CPU per request ----------


type Variant = "no hooks" | "telemetry" | "telemetry + feature log (sample 0)";
const VARIANTS: Variant[] = ["no hooks", "telemetry", "telemetry + feature log (sample 0)"];
/** What the reporter does each interval with the aggregates (drain, serialise), here every 1,000 requests. */
const FLUSH_EVERY = 1000;

// A full collection between slices, outside the measured time (the flag is set before first use).
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** One variant's runtime, kept for the whole run (its code warm, its aggregator filling and draining). */
function runtimeFor(variant: Variant) {
  const aggregator = createTelemetryAggregator();
  const options: RuntimeOptions = {};
  if (variant !== "no hooks") options.telemetry = aggregator;
  if (variant === "telemetry + feature log (sample 0)") options.featureLog = createFeatureLogger({ sink: { write: async () => undefined }, sampleRate: 0 });
  const runtime = createScoringRuntime(ports, options);
  let scored = 0;
  let bytes = 0;
  /** Requests first..first+n-1, CPU µs per request. */
  async function slice(make: (i: number) => ScoreRequest, first: number, n: number): Promise<number> {
    gc();
    const start = process.cpuUsage();
    for (let i = first; i < first + n; i++) {
      await runtime.score(make(i));
      if (variant !== "no hooks" && ++scored % FLUSH_EVERY === 0) bytes += JSON.stringify(aggregator.drain()).length;
    }
    const used = process.cpuUsage(start);
    return (used.user + used.system) / n;
  }
  return { slice, bytes: () => bytes };
}

/** Requests scored through the pipeline with what the runtime observes of each kept: the hooks' input. */
async function capturedOutcomes(make: (i: number) => ScoreRequest, n: number): Promise<{ req: ScoreRequest; seen: Observed }[]> {
  const rotation = createInstanceRotation();
  const out: { req: ScoreRequest; seen: Observed }[] = [];
  for (let i = 0; i < n; i++) {
    const req = make(i);
    const seen: Observed = {};
    await (req.items ? scoreBatchWithPorts(ports, rotation, req, {}, seen) : scoreWithPorts(ports, rotation, req, {}, seen));
    out.push({ req, seen });
  }
  return out;
}

/** The hooks told about `n` of the outcomes in turn (the aggregator drained as the reporter would), CPU µs per request. */
function hookSlicer(hooks: RuntimeHooks, outcomes: { req: ScoreRequest; seen: Observed }[]) {
  let told = 0;
  let bytes = 0;
  return (n: number): number => {
    gc();
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const { req, seen } = outcomes[told % outcomes.length]!;
      reportScored(hooks, req, seen, undefined);
      if (++told % FLUSH_EVERY === 0) bytes += JSON.stringify((hooks.telemetry as ReturnType<typeof createTelemetryAggregator>).drain()).length;
    }
    const used = process.cpuUsage(start);
    if (bytes < 0) console.log(bytes);
    return (used.user + used.system) / n;
  };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const median = (xs: number[]) => quantile(xs, 0.5);
const percent = (ratio: number) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)}%`;

async function benchRuntime(): Promise<string[]> {
  const lines = [
    `Measured ${new Date().toISOString()}: Node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0]!.toFixed(1)}. CPU time (user + system), ${ROUNDS} rounds per kind, in each the variants one after another over the same requests (order A B C, then C B A), a full GC before each (not counted).`,
    ``,
    `| kind | variant | CPU µs / request (median round) | vs no hooks (median of the rounds' ratios) | middle half of the rounds' ratios |`,
    `| --- | --- | ---: | ---: | --- |`,
  ];
  for (const [kind, make, n] of [
    ["single", single, REQUESTS],
    ["batch of 20 items", batch, Math.max(20, Math.floor(REQUESTS / 5))],
  ] as const) {
    const runtimes = new Map(VARIANTS.map((v) => [v, runtimeFor(v)]));
    for (let w = 0; w < 4; w++) for (const v of VARIANTS) await runtimes.get(v)!.slice(make, 1_000_000 + w * n, n); // JIT, caches
    const samples = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const v of order) samples.get(v)!.push(await runtimes.get(v)!.slice(make, r * n, n));
    }
    const base = samples.get("no hooks")!;
    for (const v of VARIANTS) {
      const xs = samples.get(v)!;
      const ratios = xs.map((x, r) => x / base[r]!);
      const vs = v === "no hooks" ? "" : `**${percent(quantile(ratios, 0.5))}**`;
      const spread = v === "no hooks" ? "" : `${percent(quantile(ratios, 0.25))} to ${percent(quantile(ratios, 0.75))}`;
      lines.push(`| ${kind} (${n} per round) | ${v} | ${quantile(xs, 0.5).toFixed(1)} | ${vs} | ${spread} |`);
    }
    if ([...runtimes.values()].some((r) => r.bytes() < 0)) console.log("unreachable"); // the drains' output is used
  }
  lines.push(
    ``,
    `The hooks' own cost, measured directly (a difference of two runtimes is as noisy as the runtime): what the runtime does after each request when it has hooks (\`reportScored\`: the record built, the aggregator told, the feature log asked), on 64 requests' real outcomes captured from the pipeline, in the same alternating rounds as the runtime without hooks. The share is the median of the rounds' own ratios.`,
    ``,
    `| kind | hooks | CPU µs / request (median round) | share of the runtime without hooks | middle half of the rounds' ratios |`,
    `| --- | --- | ---: | ---: | --- |`,
  );
  for (const [kind, make, n] of [
    ["single", single, REQUESTS],
    ["batch of 20 items", batch, Math.max(20, Math.floor(REQUESTS / 5))],
  ] as const) {
    const bare = runtimeFor("no hooks");
    const outcomes = await capturedOutcomes(make, 64);
    const hooked = [
      { label: "telemetry", slice: hookSlicer({ telemetry: createTelemetryAggregator() }, outcomes) },
      { label: "telemetry + feature log (sample 0)", slice: hookSlicer({ telemetry: createTelemetryAggregator(), featureLog: createFeatureLogger({ sink: { write: async () => undefined }, sampleRate: 0 }) }, outcomes) },
    ];
    for (let w = 0; w < 4; w++) {
      await bare.slice(make, 1_000_000 + w * n, n);
      for (const h of hooked) h.slice(n * 5);
    }
    const bareUs: number[] = [];
    const hookUs = hooked.map(() => [] as number[]);
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 1) hooked.forEach((h, k) => hookUs[k]!.push(h.slice(n)));
      bareUs.push(await bare.slice(make, r * n, n));
      if (r % 2 === 0) hooked.forEach((h, k) => hookUs[k]!.push(h.slice(n)));
    }
    hooked.forEach((h, k) => {
      const ratios = hookUs[k]!.map((x, r) => 1 + x / bareUs[r]!);
      lines.push(`| ${kind} | ${h.label} | ${quantile(hookUs[k]!, 0.5).toFixed(2)} | **${percent(quantile(ratios, 0.5))}** | ${percent(quantile(ratios, 0.25))} to ${percent(quantile(ratios, 0.75))} |`);
    });
  }
  lines.push(``, `Goal: telemetry under 3% more CPU per request.`);
  return lines;
}

// ---------- 2. the Live query over 24 h x 10 solutions ----------

/** A database of the bench's own: PGlite in a temporary folder, or a new database on the PostgreSQL server of `adminUrl`. */
async function ownDatabase(adminUrl: string | undefined): Promise<{ database: Database; label: string; drop(): Promise<void> }> {
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "live-bench-"));
    const database = await openDatabase({ dataDir: dir });
    return { database, label: "PGlite on disk", drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `live_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return { database, label: "PostgreSQL", drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function benchLive(adminUrl?: string): Promise<string[]> {
  const own = await ownDatabase(adminUrl);
  const database = own.database;
  try {
    const { db } = database;
    await seedFavpushWorld(db, { parts: ["app", "tables", "fg", "solutions", "release"] });
    // The seeded release as delivered: the split check reads the live release's revision.
    await db.update(releases).set({ deliveryState: "delivered", revision: 1 }).where(eq(releases.app, "favpush"));
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const from = now.getTime() - 24 * 3600_000;
    const SOLUTIONS = ["v1", "v2", ...Array.from({ length: 8 }, (_, i) => `s${i + 3}`)];
    const STAGES = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"];
    const t0 = performance.now();
    let rowsWritten = 0;
    const chunk: (typeof telemetrySolutionRows.$inferInsert)[] = [];
    const fiveMinute = new Map<string, typeof telemetrySolutionRows.$inferInsert>();
    const flush = async () => {
      if (chunk.length) await db.insert(telemetrySolutionRows).values(chunk.splice(0));
    };
    for (let m = 0; m < 1440; m++) {
      const start = new Date(from + m * 60_000);
      for (const [k, solution] of SOLUTIONS.entries()) {
        const requests = 150 + ((m * 7 + k * 13) % 60);
        chunk.push({
          app: "favpush",
          release: "1",
          solution,
          start,
          span: 1,
          requests,
          items: requests * 3,
          errors: m % 10 === k ? { predict: 2, features: 1 } : {},
          latency: Object.fromEntries(STAGES.map((s, j) => [s, histogramOf(Array.from({ length: 24 }, (_, x) => 0.05 * (j + 1) * (1 + ((x * 17 + m) % 23) / 4)))])),
          outputs: { score: histogramOf(Array.from({ length: 60 }, (_, x) => 0.01 + ((x * 31 + m + k) % 97) / 100)) },
          missing: { cf: Math.floor(requests / 4), goods_vec: m % 5 },
          reports: 3,
        });
        rowsWritten++;
        // The 5-minute rows ingest writes beside the minute rows (write-report-batch.ts).
        const row = chunk.at(-1)!;
        const fiveStart = new Date(Math.floor(start.getTime() / 300_000) * 300_000);
        const key = `${solution}|${fiveStart.getTime()}`;
        let five = fiveMinute.get(key);
        if (!five) fiveMinute.set(key, (five = { app: "favpush", release: "1", solution, start: fiveStart, span: 5, ...emptyCounts(), reports: 0 }));
        mergeSolutionCounts(five as SolutionCounts, row as SolutionCounts);
        five.reports = (five.reports ?? 0) + 3;
      }
      if (chunk.length >= 500) await flush();
    }
    await flush();
    for (const five of fiveMinute.values()) chunk.push(five);
    const fiveWritten = chunk.length;
    while (chunk.length) await db.insert(telemetrySolutionRows).values(chunk.splice(0, 500));
    const bucketRows: (typeof telemetryBucketRows.$inferInsert)[] = [];
    let bucketWritten = 0;
    for (let m = 0; m < 1440; m++) {
      for (let b = 0; b < 100; b++) bucketRows.push({ app: "favpush", release: "1", bucket: b, start: new Date(from + m * 60_000), span: 1, requests: 15 + ((m + b) % 5) });
      if (bucketRows.length >= 5000) {
        bucketWritten += bucketRows.length;
        await db.insert(telemetryBucketRows).values(bucketRows.splice(0));
      }
    }
    bucketWritten += bucketRows.length;
    if (bucketRows.length) await db.insert(telemetryBucketRows).values(bucketRows.splice(0));
    await db.execute(sql`ANALYZE`);
    const seedS = (performance.now() - t0) / 1000;

    // Two kinds of call: a first read (nothing kept: the process's first look at this window,
    // or after every part changed), and the page polling every 10 s (the window moves; the closed
    // hours are kept, the open one read again). The process is warmed first either way.
    const read = (at: Date) => readLive(db, { app: "favpush", query: { from: new Date(at.getTime() - 86_400_000).toISOString(), to: at.toISOString() }, now: at });
    let points = 0;
    let solutionsSeen = 0;
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      forgetLiveSpans(db);
      await read(now);
    }
    const measure = async (calls: number, first: boolean) => {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < calls; i++) {
        const at = first ? now : new Date(now.getTime() + (i + 1) * 10_000);
        if (first) forgetLiveSpans(db);
        const c = process.cpuUsage();
        const s = performance.now();
        const view = await read(at);
        bytes = JSON.stringify(view).length; // what the route sends
        wall.push(performance.now() - s);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        points = view.solutions[0]?.series.length ?? 0;
        solutionsSeen = view.solutions.length;
        if (!view.split) throw new Error("no split check: the release is not live");
      }
      return { wall, cpu };
    };
    const CALLS = 11;
    const first = await measure(CALLS, true);
    await read(now); // keeps the closed hours, as the page's first call does
    const polling = await measure(CALLS, false);
    const cpuNote = own.label === "PostgreSQL" ? " (this process only: the server's share is not in it)" : " (this process, so PGlite's SQL too)";
    const row = (label: string, m: { wall: number[]; cpu: number[] }) => `| ${label} | ${median(m.wall).toFixed(0)} | ${Math.max(...m.wall).toFixed(0)} | ${median(m.cpu).toFixed(0)} |`;
    return [
      `**${own.label}**, measured ${new Date().toISOString()}: Node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0]!.toFixed(1)}.`,
      ``,
      `${rowsWritten.toLocaleString("en")} minute solution rows (24 h x ${SOLUTIONS.length} solutions, 7 stage histograms, an output histogram, 2 missing features each) and the ${fiveWritten.toLocaleString("en")} 5-minute rows ingest writes beside them, and ${bucketWritten.toLocaleString("en")} bucket rows (100 buckets), seeded in ${seedS.toFixed(1)} s. readLive plus JSON encoding for the 24 h window (${solutionsSeen} solutions, ${points} points each, ${(bytes / 1e6).toFixed(2)} MB of JSON, the split check over 100 buckets), ${CALLS} calls each after 3 warm-up calls; CPU${cpuNote}:`,
      ``,
      `| call | p50 (ms) | max (ms) | CPU p50 (ms) |`,
      `| --- | ---: | ---: | ---: |`,
      row("first read (nothing kept)", first),
      row("polling every 10 s (closed hours kept)", polling),
      ``,
      `Goal: under 300 ms.`,
      ``,
    ];
  } finally {
    await database.close();
    await own.drop();
  }
}

const HEADINGS = ["Runtime CPU per request, with and without telemetry", "Live query, 24 h x 10 solutions"];
const measured = [];
if (ONLY !== "live") measured.push({ heading: HEADINGS[0]!, lines: await benchRuntime() });
if (ONLY !== "runtime") {
  const lines = await benchLive();
  const pgUrl = arg("pg") ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) lines.push(...(await benchLive(pgUrl)));
  measured.push({ heading: HEADINGS[1]!, lines });
}
const out = path.join(import.meta.dirname, "results", "live-telemetry.md");
if (!existsSync(path.dirname(out))) mkdirSync(path.dirname(out), { recursive: true });
const text = mergeResults(existsSync(out) ? readFileSync(out, "utf8") : null, ["# Live: the runtime's telemetry cost and the Live query", ""], HEADINGS, measured);
writeFileSync(out, text);
console.log(text);
console.log(`Written to ${path.relative(process.cwd(), out)}`);
