import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import * as tableRoute from "@/app/api/v1/feature-tables/[table]/route";
import * as lookupRoute from "@/app/api/v1/features/lookup/route";
import * as fgVersionRoute from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/route";
import * as instancesRoute from "@/app/api/v1/registry/instances/route";
import { seedFavpushWorld } from "@/db/seed";
import { favpushArticleDocument, favpushCfGoods, favpushVersions } from "@/db/seed/favpush";
import { SYSTEM } from "@/server/auth/actor";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { createConnection } from "@/server/connections/create-connection";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import type { TensorInput } from "@/server/tfs/tensor-codec";
import { issueToken } from "@/server/tokens/issue-token";
import type { RouteHandler } from "@/test/support/call-route";
import { serveRoutes } from "@/test/support/serve-routes";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { RawHttpClient, rawRequest } from "./lib/raw-http-client";

/**
 * The scoring service against the same Predict calls made directly, side by side in one run.
 * Single requests (favpush, one user and one goods id each) at concurrency 1, 16 and 64, features
 * in Redis. Two cores: the service alone on core 0; this process (load generator and the console's
 * API the service caches from), the model server and Redis on core 1, for both runs (taskset).
 * The direct run sends each request's own Predict (the TensorIO the service built for it) from
 * this process to the same model server. The service's CPU per request is its
 * process_cpu_seconds_total over the run (prom-client, /metrics) divided by the requests. Redis's
 * deadline is raised to 2 s: on a shared machine Redis, on the busy core, sometimes answers later
 * than the default 500 ms, and a timed-out request measures nothing.
 *
 *   npm run bench -- scoring-service [--requests=3000] [--rounds=3] [--warmup=5000] [--redis-port=4290] [--client=raw|node] [--core0=0] [--floor=0]
 *   BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" …   (profile the service)
 */
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const REQUESTS = arg("requests", 3000);
// Warm-up until the JIT is done: V8 optimizes on background threads, which the pinning puts on
// the service's own core; with 500 warm-up requests that compiling still ran in the measured
// rounds and doubled the service's CPU per request in some runs.
const WARMUP = arg("warmup", 5000);
const ROUNDS = arg("rounds", 3);
const REDIS_PORT = arg("redis-port", 4290);
/** The load generator's HTTP client: "raw" (pre-built request bytes on kept-alive sockets, bench/lib/raw-http-client.ts) or "node" (node:http with a keep-alive agent). */
const CLIENT = process.argv.find((a) => a.startsWith("--client="))?.split("=")[1] ?? "raw";
const CONCURRENCY = (process.argv.find((a) => a.startsWith("--concurrency="))?.split("=")[1] ?? "1,16,64").split(",").map(Number);
const ROOT = path.resolve(import.meta.dirname, "..");
const pinned = os.availableParallelism() >= 2;
const onCore = (core: number, command: string, args: string[]): [string, string[]] => (pinned ? ["taskset", ["-c", String(core), command, ...args]] : [command, args]);
const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((c) => c.kill("SIGKILL")));

function startChild(core: number, command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const [cmd, argv] = onCore(core, command, args);
  const child = spawn(cmd, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let text = "";
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      text += chunk.toString();
      const match = ready.exec(text);
      if (match) {
        child.stdout!.off("data", look);
        child.stderr!.off("data", look);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ child, match });
      }
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}):\n${text}`)));
  });
}

// Redis of its own, on core 1 with the others (the shared one on 6379 is not ours to pin).
const redis = await startChild(1, "redis-server", ["--port", String(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], /Ready to accept connections/);
const redisUrl = `redis://127.0.0.1:${REDIS_PORT}`;
const model = await startChild(1, process.execPath, ["--import", "tsx", path.join("bench", "lib", "model-server-child.ts")], /grpc (\d+)/);
const address = `127.0.0.1:${model.match[1]}`;

const database = await createTestDatabase();
installAsProcessDatabase(database);
const { db } = database;
const connectionId = (await createConnection(db, { actor: SYSTEM, input: { name: "bench-redis", host: "127.0.0.1", port: REDIS_PORT, keyPrefixes: ["bench:"] } })).id;
await seedFavpushWorld(db, { parts: ["app", "tables", "rows", "fg", "instances"], uids: { from: 200, to: 259 }, storage: { storage: "redis", connectionId, keyPrefix: "bench:" }, modelAddress: address });
const center = await getConfigCenter();
await center.publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
const token = (await issueToken(db, { actor: SYSTEM, input: { name: "bench-scoring-service", scopes: ["config:read", "features:read"] } })).secret;
const consoleApi = await serveRoutes([
  { method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET as RouteHandler },
  { method: "GET", pattern: "/api/v1/feature-tables/:table", handler: tableRoute.GET as RouteHandler },
  { method: "POST", pattern: "/api/v1/features/lookup", handler: lookupRoute.POST as RouteHandler },
  { method: "GET", pattern: "/api/v1/fg/classes/:fgClass/versions/:version", handler: fgVersionRoute.GET as RouteHandler },
  { method: "GET", pattern: "/api/v1/registry/instances", handler: instancesRoute.GET as RouteHandler },
]);

// This process (every thread: the load generator, the console's API) joins core 1.
if (pinned) execFileSync("taskset", ["-a", "-cp", "1", String(process.pid)], { stdio: "ignore" });
const service = await startChild(
  0,
  process.execPath,
  [...(process.env.BENCH_SERVICE_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", path.join("scoring-service", "main.ts"), `--console=${consoleApi.url}`, "--app=favpush", "--port=0", "--redis-timeout-ms=2000"],
  /listening on (http:\/\/\S+)/,
  { ...process.env, SCORING_CONSOLE_TOKEN: token, SCORING_CONNECTIONS: JSON.stringify({ "bench-redis": { url: redisUrl } }) },
);
const serviceUrl = new URL(service.match[1]!);

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function call(method: string, pathname: string, body?: string, retried = false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: serviceUrl.hostname, port: serviceUrl.port, path: pathname, method, agent, headers: body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    // A kept-alive socket the service closed as idle just as it was reused (a loaded machine stretches the race): sent again once, on a new one.
    req.on("error", (e: NodeJS.ErrnoException) => (!retried && req.reusedSocket && e.code === "ECONNRESET" ? call(method, pathname, body, true).then(resolve, reject) : reject(e)));
    req.end(body);
  });
}
while ((await call("GET", "/healthz")).status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));

// 60 users, each with a goods id its cf map holds; v1 and v2 by bucket.
const origins = Array.from({ length: 60 }, (_, i) => ({ uid: 200 + i, goods_id: favpushCfGoods(200 + i)[0]! }));
const bodies = origins.map((origin) => JSON.stringify({ app_name: "favpush", origin }));
const raw = new RawHttpClient(serviceUrl.hostname, Number(serviceUrl.port));
const rawBodies = bodies.map((body) => rawRequest("POST", serviceUrl.host, "/score", body));
// Each request's Predict, as the service sends it (its trace's details).
const predicts: { model: { name: string; version: number }; inputs: Record<string, TensorInput>; outputFilter: string[] }[] = [];
for (const origin of origins) {
  const res = await call("POST", "/score", JSON.stringify({ app_name: "favpush", origin, options: { trace: true } }));
  if (res.status !== 200) throw new Error(`the service answered ${res.status}: ${res.text}`);
  const r = JSON.parse(res.text) as { model: { name: string; version: number }; details: { predictRequest: { inputs: Record<string, TensorInput>; outputFilter: string[] } } };
  predicts.push({ model: { name: r.model.name, version: r.model.version }, inputs: r.details.predictRequest.inputs, outputFilter: r.details.predictRequest.outputFilter });
}
const tfs = getTfsClient(address);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function load(concurrency: number, requests: number, one: (i: number) => Promise<void>, times: number[] = []): Promise<{ rps: number; p50: number; p99: number; seconds: number }> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const start = performance.now();
        await one(i);
        times.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const sorted = [...times].sort((a, b) => a - b);
  return { rps: requests / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), seconds };
}

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat (clock ticks of 10 ms). */
function procCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5) (utime, stime), counted from the state field (3).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const loadGenCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/**
 * Seconds a process's threads waited for a CPU while runnable (the run queue), from
 * /proc/<pid>/task/<tid>/schedstat (its second field, ns): where a request waits when a core is
 * taken by others, on this machine often other processes than the bench's.
 */
function procRunQueueSeconds(pid: number): number {
  let ns = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[1]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return ns / 1e9;
}
function waitNow(): Record<Proc, number> {
  return { service: procRunQueueSeconds(service.child.pid!), loadgen: procRunQueueSeconds(process.pid), model: procRunQueueSeconds(model.child.pid!), redis: procRunQueueSeconds(redis.child.pid!) };
}

/** CPU seconds of each process of the bench: the service (core 0), and on core 1 the load generator, the model server, Redis. */
const PROCS = ["service", "loadgen", "model", "redis"] as const;
type Proc = (typeof PROCS)[number];
function cpuNow(): Record<Proc, number> {
  return { service: procCpuSeconds(service.child.pid!), loadgen: loadGenCpuSeconds(), model: procCpuSeconds(model.child.pid!), redis: procCpuSeconds(redis.child.pid!) };
}

/**
 * Both runs in alternating rounds (service, direct, service, …): on a machine whose load moves,
 * each side meets the same conditions. Throughput is all requests over all the time each side ran.
 */
async function sideBySide(concurrency: number) {
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  const stageMs = new Map<string, { sum: number; count: number }>();
  const zero = () => Object.fromEntries(PROCS.map((p) => [p, 0])) as Record<Proc, number>;
  const sides = {
    service: { times: [] as number[], seconds: 0, cpu: 0, procs: zero(), waits: zero() },
    direct: { times: [] as number[], seconds: 0, cpu: 0, procs: zero(), waits: zero() },
  };
  const timed = async (side: "service" | "direct", one: (i: number) => Promise<void>) => {
    const before = cpuNow();
    const waited = waitNow();
    sides[side].seconds += (await load(concurrency, perRound, one, sides[side].times)).seconds;
    const after = cpuNow();
    const waitedAfter = waitNow();
    for (const p of PROCS) {
      sides[side].procs[p] += after[p] - before[p];
      sides[side].waits[p] += waitedAfter[p] - waited[p];
    }
  };
  for (let round = 0; round < ROUNDS; round++) {
    const cpu0 = await serviceCpuSeconds();
    const stages0 = await stageTotals();
    await timed("service", viaService);
    sides.service.cpu += (await serviceCpuSeconds()) - cpu0;
    for (const [stage, t] of await stageTotals()) {
      const before = stages0.get(stage) ?? { sum: 0, count: 0 };
      const acc = stageMs.get(stage) ?? { sum: 0, count: 0 };
      stageMs.set(stage, { sum: acc.sum + t.sum - before.sum, count: acc.count + t.count - before.count });
    }
    await timed("direct", direct);
  }
  const summary = (side: { times: number[]; seconds: number }) => {
    const sorted = [...side.times].sort((a, b) => a - b);
    return { rps: side.times.length / side.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const mean = (stage: string) => {
    const t = stageMs.get(stage);
    return t && t.count ? (t.sum / t.count) * 1000 : NaN;
  };
  /** CPU µs per request of each process, and the share of a core the core-1 processes used together while the side ran. */
  const perRequest = (side: { times: number[]; seconds: number; procs: Record<Proc, number>; waits: Record<Proc, number> }) => ({
    us: Object.fromEntries(PROCS.map((p) => [p, (side.procs[p] * 1e6) / side.times.length])) as Record<Proc, number>,
    waitUs: Object.fromEntries(PROCS.map((p) => [p, (side.waits[p] * 1e6) / side.times.length])) as Record<Proc, number>,
    core1Busy: (side.procs.loadgen + side.procs.model + side.procs.redis) / side.seconds,
    core0Busy: side.procs.service / side.seconds,
  });
  return { s: summary(sides.service), d: summary(sides.direct), cpuUs: (sides.service.cpu * 1e6) / sides.service.times.length, mean, ps: perRequest(sides.service), pd: perRequest(sides.direct) };
}

const failed = new Map<string, number>();
const viaService = async (i: number) => {
  const res =
    CLIENT === "raw"
      ? await raw.request(rawBodies[i % rawBodies.length]!).then((a) => ({ status: a.status, text: a.status === 200 ? "" : a.body.toString() }))
      : await call("POST", "/score", bodies[i % bodies.length]!);
  if (res.status === 200) return;
  const why = `${res.status} ${(JSON.parse(res.text) as { error?: { message?: string } }).error?.message?.replace(/key "[^"]*"/, "key …") ?? ""}`;
  failed.set(why, (failed.get(why) ?? 0) + 1);
};
const direct = async (i: number) => {
  await tfs.predict(predicts[i % predicts.length]!);
};
/** Sum and count of each histogram the service keeps (all label sets together), from /metrics. */
async function stageTotals(): Promise<Map<string, { sum: number; count: number }>> {
  const text = (await call("GET", "/metrics")).text;
  const totals = new Map<string, { sum: number; count: number }>();
  for (const m of text.matchAll(/^scoring_(stage|request)_duration_seconds_(sum|count)\{([^}]*)\} (\S+)$/gm)) {
    const key = m[1] === "request" ? "request" : /stage="(\w+)"/.exec(m[3]!)![1]!;
    const t = totals.get(key) ?? { sum: 0, count: 0 };
    if (m[2] === "sum") t.sum += Number(m[4]);
    else t.count += Number(m[4]);
    totals.set(key, t);
  }
  return totals;
}

const serviceCpuSeconds = async () => Number(/^process_cpu_seconds_total(?:\{[^}]*\})? (\S+)$/m.exec((await call("GET", "/metrics")).text)?.[1]);

await load(16, WARMUP, viaService);
await load(16, WARMUP, direct);

// What the service burns with no request (timers, the config long-poll, metrics' event-loop monitor).
const idleCpu0 = await serviceCpuSeconds();
const idleProcs0 = cpuNow();
const idleT0 = performance.now();
await new Promise((resolve) => setTimeout(resolve, 3000));
const idleShare = ((await serviceCpuSeconds()) - idleCpu0) / ((performance.now() - idleT0) / 1000);
// Every process's: at a few dozen requests a second (a loaded machine), what a process burns idle is a good part of its µs per request.
const idleProcs1 = cpuNow();
const idleSeconds = (performance.now() - idleT0) / 1000;
const idleOf = (p: Proc) => `${(((idleProcs1[p] - idleProcs0[p]) / idleSeconds) * 100).toFixed(1)} %`;

const rows: string[] = [];
const stageRows: string[] = [];
const cpuRows: string[] = [];
const waitRows: string[] = [];
const summary: { concurrency: number; ratio: number }[] = [];
for (const concurrency of CONCURRENCY) {
  const { s, d, cpuUs, mean, ps, pd } = await sideBySide(concurrency);
  const us = (x: number) => x.toFixed(0);
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  for (const [name, p] of [["scoring service", ps], ["direct Predict", pd]] as const) {
    const core1 = p.us.loadgen + p.us.model + p.us.redis;
    cpuRows.push(`| ${name} | ${concurrency} | ${name === "direct Predict" ? "" : us(p.us.service)} | ${us(p.us.loadgen)} | ${us(p.us.model)} | ${us(p.us.redis)} | ${us(core1)} | ${name === "direct Predict" ? "" : pct(p.core0Busy)} | ${pct(p.core1Busy)} |`);
    waitRows.push(`| ${name} | ${concurrency} | ${name === "direct Predict" ? "" : us(p.waitUs.service)} | ${us(p.waitUs.loadgen)} | ${us(p.waitUs.model)} | ${us(p.waitUs.redis)} |`);
  }
  const f = (x: number) => x.toFixed(2);
  stageRows.push(`| ${concurrency} | ${f(mean("request"))} | ${f(mean("features"))} | ${f(mean("fg"))} | ${f(mean("predict"))} | ${f(mean("request") - mean("features") - mean("predict"))} |`);
  summary.push({ concurrency, ratio: s.rps / d.rps });
  rows.push(`| scoring service | ${concurrency} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${cpuUs.toFixed(0)} |`);
  rows.push(`| direct Predict | ${concurrency} | ${d.rps.toFixed(0)} | ${d.p50.toFixed(2)} | ${d.p99.toFixed(2)} | |`);
  rows.push(`| service / direct | | **${(s.rps / d.rps).toFixed(2)}** | | | |`);
}

// The same direct Predict calls from a process on the service's core: what crossing cores costs.
async function directFromCore0(concurrency: number): Promise<{ rps: number; p50: number; p99: number }> {
  const [cmd, argv] = onCore(0, process.execPath, ["--import", "tsx", path.join("bench", "lib", "direct-predict-child.ts")]);
  const child = spawn(cmd, argv, { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stdin!.end(JSON.stringify({ address, predicts, concurrency, requests: REQUESTS, warmup: WARMUP }));
  await new Promise((resolve) => child.once("exit", resolve));
  return JSON.parse(out.trim().split("\n").pop()!) as { rps: number; p50: number; p99: number };
}
// --core0=0 leaves it out (repeated runs comparing the service with direct).
for (const concurrency of process.argv.includes("--core0=0") ? [] : CONCURRENCY) {
  const x = await directFromCore0(concurrency);
  rows.push(`| direct Predict from core 0 (the service's core) | ${concurrency} | ${x.rps.toFixed(0)} | ${x.p50.toFixed(2)} | ${x.p99.toFixed(2)} | |`);
}

// The floor of the service's HTTP part: a bare node:http server on core 0 answering a scoring
// answer's bytes, loaded like the service. What it costs is what the service pays before any scoring.
const floorRows: string[] = [];
if (!process.argv.includes("--floor=0")) {
  const sample = await raw.request(rawBodies[0]!);
  const bare = await startChild(0, process.execPath, ["--import", "tsx", path.join("bench", "lib", "bare-http-child.ts")], /listening on (http:\/\/\S+)/, { ...process.env, BARE_ANSWER: sample.body.toString() });
  const bareUrl = new URL(bare.match[1]!);
  const bareClient = new RawHttpClient(bareUrl.hostname, Number(bareUrl.port));
  const bareBodies = bodies.map((body) => rawRequest("POST", bareUrl.host, "/score", body));
  const viaBare = async (i: number) => void (await bareClient.request(bareBodies[i % bareBodies.length]!));
  await load(16, WARMUP, viaBare);
  for (const concurrency of CONCURRENCY) {
    const cpu0 = procCpuSeconds(bare.child.pid!);
    const r = await load(concurrency, REQUESTS, viaBare);
    const us = ((procCpuSeconds(bare.child.pid!) - cpu0) * 1e6) / REQUESTS;
    floorRows.push(`| ${concurrency} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${us.toFixed(0)} |`);
  }
  bareClient.close();
  bare.child.kill("SIGTERM");
}

const at16 = summary.find((x) => x.concurrency === 16) ?? summary[0]!;
const text = [
  `# The scoring service against direct Predict`,
  ``,
  `${REQUESTS} single requests per row (in ${ROUNDS} alternating rounds of service and direct) after ${WARMUP} warm-up requests each (favpush, 60 users with a goods id each, v1 LR / v2 DNN by bucket), features in Redis (3 lookups per request), the dev model server over gRPC on loopback.`,
  pinned
    ? `Pinned with taskset: the service on core 0; the load generator (with the console's API), the model server and Redis on core 1.`
    : `Not pinned: this machine has one core.`,
  CLIENT === "raw"
    ? `The load generator's HTTP client: pre-built request bytes on kept-alive sockets, one per request in flight, no Nagle (bench/lib/raw-http-client.ts); the direct run's client is the service's own gRPC client.`
    : `The load generator's HTTP client: node:http with a keep-alive agent (64 sockets); the direct run's client is the service's own gRPC client.`,
  `Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}, ${new Date().toISOString()}.`,
  ``,
  `| run | concurrency | requests/s | p50 (ms) | p99 (ms) | service CPU µs/request |`,
  `| --- | ---: | ---: | ---: | ---: | ---: |`,
  ...rows,
  ``,
  `Inside the service, mean ms per request (its /metrics histograms): the whole request (body read to answer written), the feature lookups (Redis), the fg, the Predict stage, and the rest (HTTP, config, bucket, featureMap, fg, metrics):`,
  ``,
  `| concurrency | request | features | fg | predict | rest |`,
  `| ---: | ---: | ---: | ---: | ---: | ---: |`,
  ...stageRows,
  ``,
  `CPU µs per request of each process (/proc/<pid>/stat before and after each round, 10 ms ticks; the load generator's from process.cpuUsage), and how busy each core was with them (CPU seconds over the seconds the side ran; other processes on the machine not counted):`,
  ``,
  `| run | concurrency | service (core 0) | load generator | model server | Redis | core 1 total | core 0 busy | core 1 busy |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ...cpuRows,
  ``,
  `Waiting for a CPU while runnable, µs per request of each process (its threads' run-queue time, /proc/<pid>/task/*/schedstat):`,
  ``,
  `| run | concurrency | service (core 0) | load generator | model server | Redis |`,
  `| --- | ---: | ---: | ---: | ---: | ---: |`,
  ...waitRows,
  ``,
  `The service's CPU with no traffic: ${(idleShare * 100).toFixed(1)} % of a core (counted in the µs per request above). Every process's with no traffic (/proc, 10 ms ticks): service ${idleOf("service")}, load generator (with the console's API and database) ${idleOf("loadgen")}, model server ${idleOf("model")}, Redis ${idleOf("redis")}.`,
  ``,
  ...(floorRows.length
    ? [
        `The floor of the HTTP part: a bare node:http server on core 0 that reads each request's JSON body and answers the same bytes as the service, nothing else (bench/lib/bare-http-child.ts), loaded the same way:`,
        ``,
        `| concurrency | requests/s | p50 (ms) | p99 (ms) | CPU µs/request |`,
        `| ---: | ---: | ---: | ---: | ---: |`,
        ...floorRows,
        ``,
      ]
    : []),
  failed.size ? `Failed requests (counted in the throughput): ${[...failed].map(([why, n]) => `${n} x ${why}`).join("; ")}.` : `No request failed.`,
  ``,
  `Goal: at concurrency 16 the service's throughput at least 80 % of direct: ${(at16.ratio * 100).toFixed(0)} % (${at16.ratio >= 0.8 ? "met" : "not met"}).`,
  ``,
].join("\n");

service.child.kill("SIGTERM");
await new Promise((resolve) => service.child.once("exit", resolve));
agent.destroy();
raw.close();
closeTfsClients();
await consoleApi.close();
await center.close();
await database.close();
model.child.kill("SIGTERM");
redis.child.kill("SIGTERM");

const out = path.join(import.meta.dirname, "results", "scoring-service.md");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, text);
console.log(text);
console.log(`Written to ${path.relative(process.cwd(), out)}`);
process.exit(0);
