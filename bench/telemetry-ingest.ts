/**
 * Telemetry ingest, measured over HTTP against a real console process: --senders concurrent
 * reporters post realistic reports (3 solutions x 8 stages of latency histograms, an output
 * histogram, errors, missing features, 10 buckets; each report its own id, its sender's instance)
 * to POST /api/v1/telemetry for --seconds, each waiting for its answer before the next (as the
 * SDK's reporter does) and, on 503 (or 429), for Retry-After. Meanwhile a prober sends other
 * requests one after another (GET /api/v1/health and GET /api/v1/apps, signed in) and times them;
 * the same probes run first with no ingest, for scale. Reports/s counts answers 202 (queued);
 * then the Live API is read until it shows every request of those reports, counted once (or 60 s
 * pass): the time that takes is how far writing lagged behind. With --pid (the console's process
 * id, Linux) the console's CPU time per report is measured too.
 *
 * First the write path alone, for scale: batches of --senders reports (each its own id) written
 * by write-report-batch.ts into a PGlite of its own in a temporary folder, in this process (or
 * into the PostgreSQL database at --database-url).
 *
 * Against the console at --url (signed in as --email/--password, default the e2e admin), or,
 * without --url, a console of its own (bench/lib/own-console.ts: a production build, minutes).
 * Writes bench/results/telemetry-ingest.md.
 *
 *   npx tsx bench/telemetry-ingest.ts [--senders=64] [--seconds=20] [--url=http://127.0.0.1:3000 --email=… --password=… --pid=…] [--database-url=postgres://…]
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { histogramOf } from "@/sdk/src/core/telemetry/histogram";
import { emptyCounts, minuteOf, type BucketSeries, type SolutionSeries } from "@/sdk/src/core/telemetry/series";
import { openDatabase } from "@/db/client";
import { writeReportBatch } from "@/server/telemetry/write-report-batch";
import { startOwnConsole } from "./lib/own-console";
import { mergeResults } from "./lib/results-file";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
const SENDERS = Number(arg("senders") ?? 64);
const SECONDS = Number(arg("seconds") ?? 20);
const BASELINE_SECONDS = 5;
const HEADING = "Ingest: concurrent reporters over HTTP, and other requests meanwhile";
const DATABASE_URL = arg("database-url");
const WRITE_HEADING = DATABASE_URL ? "Write path alone: batches of reports into PostgreSQL, in process" : "Write path alone: batches of reports into PGlite on disk, in process";
const STAGES = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict", "render"];
const SOLUTIONS = ["v1", "v2", "v3"];

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const machine = () =>
  `${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}`;

/** What one scoring instance sends after a 10 s flush at some hundreds of requests per second. */
function report(app: string, instance: string, n: number) {
  const minute = minuteOf(Date.now());
  const rnd = (scale: number) => Array.from({ length: 40 }, () => Math.random() * scale);
  const solutions: SolutionSeries[] = SOLUTIONS.map((solution, i) => ({
    app,
    release: "1",
    solution,
    minute,
    ...emptyCounts(),
    requests: 900 + i * 100 + (n % 7),
    items: 9_000 + n,
    errors: { fg: n % 3, predict: 1 },
    latency: Object.fromEntries(STAGES.map((stage, s) => [stage, histogramOf(rnd(2 + s * 3))])),
    outputs: { score: histogramOf(rnd(1)) },
    missing: { user_vec: 3 + (n % 5), cf: 1 },
  }));
  const buckets: BucketSeries[] = Array.from({ length: 10 }, (_, bucket) => ({ app, release: "1", bucket, minute, requests: 300 + bucket }));
  return {
    id: randomUUID(),
    instance,
    host: `${instance}.bench`,
    from: new Date(Date.now() - 10_000).toISOString(),
    to: new Date().toISOString(),
    releases: { [app]: "1" },
    solutions,
    buckets,
    dropped: { reports: 0, records: 0 },
  };
}

async function signIn(url: string, email: string, password: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const created = await fetch(`${url}/api/v1/admin/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ name: `bench-telemetry-${Date.now()}`, scopes: ["telemetry:write"] }),
  });
  if (created.status !== 201) throw new Error(`token: ${created.status} ${await created.text()}`);
  return { cookie, token: ((await created.json()) as { secret: string }).secret };
}

/** Sends other requests one after another until `stop`, timing each. */
async function probe(url: string, cookie: string, stop: { done: boolean }): Promise<{ times: number[]; failed: number }> {
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; !stop.done; i++) {
    const started = performance.now();
    const res = await fetch(`${url}${i % 2 ? "/api/v1/apps" : "/api/v1/health"}`, { headers: { cookie } });
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (!res.ok) failed++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { times, failed };
}

/** CPU seconds a process has used (Linux: /proc/<pid>/stat utime + stime, in clock ticks of 1/100 s). */
function cpuSecondsOf(pid: string | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Requests the Live API shows for the app over the last hour, all solutions. */
async function liveRequests(url: string, cookie: string, app: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/apps/${encodeURIComponent(app)}/live`, { headers: { cookie } });
  if (!res.ok) throw new Error(`live: ${res.status} ${await res.text()}`);
  const view = (await res.json()) as { solutions: { requests: number }[] };
  return view.solutions.reduce((n, s) => n + s.requests, 0);
}

async function measure(url: string, email: string, password: string, where: string, pid?: string): Promise<string[]> {
  const { cookie, token } = await signIn(url, email, password);
  const apps = (await (await fetch(`${url}/api/v1/apps`, { headers: { cookie } })).json()) as { apps: { name: string }[] };
  const app = apps.apps[0]?.name ?? "favpush";
  const bytes = JSON.stringify(report(app, "x", 0)).length;

  const idle = { done: false };
  const baseline = probe(url, cookie, idle);
  await new Promise((resolve) => setTimeout(resolve, BASELINE_SECONDS * 1000));
  idle.done = true;
  const before = await baseline;

  const liveBefore = await liveRequests(url, cookie, app);
  const cpuBefore = cpuSecondsOf(pid);
  const stop = { done: false };
  const during = probe(url, cookie, stop);
  let stored = 0;
  let requestsSent = 0;
  let refused = 0;
  let failed = 0;
  const answerMs: number[] = [];
  // Bodies are made before the clock starts (the client shares the cores with the console):
  // 8 per sender, each sent with an id of its own.
  const made = Array.from({ length: SENDERS }, (_, s) => Array.from({ length: 8 }, (_, n) => report(app, `bench-${s}`, n)));
  const bodies = made.map((reports) => reports.map((r) => JSON.stringify(r)));
  const requestsOf = made.map((reports) => reports.map((r) => r.solutions.reduce((n, x) => n + x.requests, 0)));
  const started = performance.now();
  const sender = async (s: number) => {
    for (let n = 0; performance.now() - started < SECONDS * 1000; n++) {
      const t = performance.now();
      const body = bodies[s]![n % 8]!.replace(/"id":"[^"]+"/, `"id":"${randomUUID()}"`);
      const res = await fetch(`${url}/api/v1/telemetry`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body,
      });
      await res.arrayBuffer();
      answerMs.push(performance.now() - t);
      // 200: a console from before the queue answered once the report was stored.
      if (res.status === 202 || res.status === 200) {
        stored++;
        requestsSent += requestsOf[s]![n % 8]!;
      } else if (res.status === 429 || res.status === 503) {
        refused++;
        await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get("retry-after") ?? 1) * 1000));
      } else failed++;
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, (_, s) => sender(s)));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuSecondsOf(pid);
  stop.done = true;
  const after = await during;
  // Every queued report written, each once: the Live API shows exactly their requests.
  const ended = performance.now();
  let shown = 0;
  for (;;) {
    shown = (await liveRequests(url, cookie, app)) - liveBefore;
    if (shown >= requestsSent || performance.now() - ended > 60_000) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const lagMs = performance.now() - ended;

  const f = (n: number) => n.toFixed(1);
  const lines = [
    `${machine()}; ${where}`,
    "",
    `${SENDERS} senders for ${SECONDS} s, each report ${SOLUTIONS.length} solutions x ${STAGES.length} stage histograms + 10 buckets (${(bytes / 1024).toFixed(1)} KiB of JSON).`,
    "",
    "| measure | value |",
    "| --- | --- |",
    `| reports queued (202) per second | **${f(stored / elapsed)}** (${stored} in ${f(elapsed)} s) |`,
    `| requests of those reports the Live API shows after the run (each report counted once) | ${shown} of ${requestsSent}${shown === requestsSent ? ", all" : ""}, ${f(lagMs / 1000)} s after the last answer |`,
    ...(cpuBefore !== null && cpuAfter !== null ? [`| the console's CPU per queued report (/proc, while sending) | ${f(((cpuAfter - cpuBefore) * 1e6) / Math.max(1, stored))} µs (${f((cpuAfter - cpuBefore) / elapsed)} cores) |`] : []),
    `| answers 503 (queue full) / other failures | ${refused} / ${failed} |`,
    `| a report's answer p50 / p99 | ${f(percentile(answerMs, 50))} / ${f(percentile(answerMs, 99))} ms |`,
    `| other requests p50 / p99, no ingest (${before.times.length} requests) | ${f(percentile(before.times, 50))} / ${f(percentile(before.times, 99))} ms |`,
    `| other requests p50 / p99, during ingest (${after.times.length} requests, ${after.failed} failed) | ${f(percentile(after.times, 50))} / **${f(percentile(after.times, 99))}** ms |`,
  ];
  for (const line of lines) console.log(line);
  if (failed) throw new Error(`${failed} reports failed`);
  if (shown !== requestsSent) throw new Error(`the Live API shows ${shown} requests of the ${requestsSent} sent`);
  return lines;
}

async function writePath(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-telemetry-"));
  const database = await openDatabase(DATABASE_URL ? { url: DATABASE_URL } : { dataDir: dir });
  try {
    const pool = Array.from({ length: SENDERS }, (_, s) => report("favpush", `bench-${s}`, s));
    const batches = 100;
    const times: number[] = [];
    for (let b = 0; b < batches; b++) {
      const batch = pool.map((r) => ({ ...r, id: randomUUID() }));
      const t = performance.now();
      await writeReportBatch(database.db, batch);
      times.push(performance.now() - t);
    }
    const total = times.reduce((a, b) => a + b, 0) / 1000;
    const lines = [
      machine(),
      "",
      `${batches} batches of ${SENDERS} reports into the same minute rows (each batch one transaction), one after another:`,
      "",
      "| measure | value |",
      "| --- | --- |",
      `| reports written per second | **${((batches * SENDERS) / total).toFixed(0)}** |`,
      `| a batch's transaction p50 / p99 | ${percentile(times, 50).toFixed(1)} / ${percentile(times, 99).toFixed(1)} ms |`,
    ];
    for (const line of lines) console.log(line);
    return lines;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const writeLines = await writePath();
const url = arg("url");
const creds = { email: arg("email") ?? process.env.E2E_ADMIN_EMAIL ?? "e2e-admin@scoring.local", password: arg("password") ?? process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password" };
let lines: string[];
if (url) {
  lines = await measure(url, creds.email, creds.password, `console at ${url}`, arg("pid"));
} else {
  const own = await startOwnConsole({ adminEmail: creds.email, adminPassword: creds.password });
  try {
    lines = await measure(own.url, creds.email, creds.password, "a console of its own (production build, PGlite, `npm start`'s server)");
  } finally {
    await own.stop();
  }
}
const out = path.join(import.meta.dirname, "results", "telemetry-ingest.md");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, mergeResults(existsSync(out) ? readFileSync(out, "utf8") : null, ["# Telemetry ingest", "", "`npx tsx bench/telemetry-ingest.ts` (`npm run bench -- telemetry`).", ""], [WRITE_HEADING, HEADING], [{ heading: WRITE_HEADING, lines: writeLines }, { heading: HEADING, lines }]));
