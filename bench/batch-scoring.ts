import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushArticleDocument, favpushRows, favpushTables, favpushVersions } from "@/db/seed/favpush";
import { startModelServer } from "@/model-server/start-model-server";
import { createScoringRuntime } from "@/sdk/src/runtime/create-runtime";
import type { FeatureTableReader } from "@/sdk/src/runtime/ports";
import type { BatchScoreResult } from "@/sdk/src/runtime/types";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import { consolePorts } from "@/server/scoring/console-ports";
import { runScoring } from "@/server/scoring/run-scoring";
import type { ScoreResult } from "@/server/scoring/scoring-types";
import { favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import { closeTfsClients } from "@/server/tfs/grpc-client";

/**
 * Batch scoring (issue 19) beside single trial scoring, in one run and one process, as
 * bench/trial-scoring.ts sets them up: PGlite built-in feature store and config center, the dev
 * model server over gRPC on loopback, the console's wiring (run-scoring.ts), with trace.
 *
 * A batch is 1 user x 200 items (goods 100-299) under a declarative fg: favpush v1 (LRFg, one
 * getKV per item) and v2 (DNNFg, a getKV and a getKKV per item). "runtime batch": the runtime
 * with the console's ports (fg, signature, gRPC Predict) but the tables in memory with
 * getKVMany/getKKVMany; "console batch": run-scoring.ts over the PGlite built-in store as a trial
 * runs it. "Own work" = total - feature I/O (the slowest store call; the calls run concurrently)
 * - the Predict RPC (the slowest one, as the client measured it). Target: the runtime's own work
 * under 3 ms p50 for the batch, one Predict per request; a single request's under 1 ms p50.
 *
 *   npx tsx bench/batch-scoring.ts [--requests=300] [--items=200]
 */
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const REQUESTS = arg("requests", 300);
const ITEMS = arg("items", 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99) };
};
const ms = (n: number) => n.toFixed(2);

const server = await startModelServer({ models: favpushModelConfigs(), loadDelayMs: 0, pollIntervalSeconds: 0, log: () => undefined });
const address = `127.0.0.1:${server.grpcPort}`;
const database = await openDatabase({});
await seedFavpushWorld(database.db, { parts: ["app", "tables", "rows", "fg", "instances"], uids: { from: 200, to: 259 }, modelAddress: address });
const center = createBuiltinConfigCenter({ db: database.db });
await center.publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
const deps = wireScoringDeps(database.db, center);

// The runtime itself, with the console's ports but the tables in memory with getKVMany/getKKVMany
// (a store answering in one round trip at no cost): what is left is the runtime's own work.
const memory = new Map<string, Map<string, unknown>>();
for (const { name } of favpushTables()) {
  const rows = new Map<string, unknown>();
  for (const line of favpushRows(name, { from: 200, to: 259 }).split("\n")) {
    const row = JSON.parse(line) as { key: string; value?: unknown; fields?: unknown };
    rows.set(row.key, row.value ?? row.fields);
  }
  memory.set(name, rows);
}
const memoryReader = (rows: Map<string, unknown>): FeatureTableReader => {
  const get = async (key: string) => rows.get(key) ?? null;
  const many = async (keys: string[]) => keys.map((k) => rows.get(k) ?? null);
  return { getKV: get, getKKV: get, getKVMany: many, getKKVMany: many };
};
const runtime = createScoringRuntime({ ...consolePorts(deps), openTable: async (table) => memoryReader(memory.get(table)!) });

const items = Array.from({ length: ITEMS }, (_, i) => ({ goods_id: 100 + (i % 300) }));
const batchRequest = (i: number, solution: string) => ({ app_name: "favpush", origin: { uid: 200 + (i % 60) }, items, options: { solution, config: "published" as const, trace: true } });
const singleRequest = (i: number, solution: string) => ({
  app_name: "favpush",
  origin: { uid: 200 + (i % 60), goods_id: 100 + (i % 29) },
  options: { solution, config: "published" as const, trace: true },
});

interface Sample {
  total: number;
  own: number;
  io: number;
  rpc: number;
  calls: number;
  stages: Record<string, number>;
}

function sampleOf(r: ScoreResult | BatchScoreResult, total: number): Sample {
  const stages = Object.fromEntries((r.trace ?? []).map((s) => [s.stage, s.ms]));
  const queries: { ms?: number }[] = r.details?.queries ?? [];
  const io = Math.max(0, ...queries.map((q) => q.ms ?? 0));
  const predict = r.trace?.find((s) => s.stage === "predict")?.output as { rpcMs?: number } | undefined;
  const rpc = predict?.rpcMs ?? stages.predict ?? 0;
  const calls = "items" in r ? r.predict.calls : 1;
  return { total, own: total - io - rpc, io, rpc, calls, stages };
}

type Kind = "runtime batch" | "console batch" | "console single";
async function scoreOnce(kind: Kind, i: number, solution: string): Promise<ScoreResult | BatchScoreResult> {
  if (kind === "runtime batch") return runtime.score(batchRequest(i, solution));
  if (kind === "console batch") return runScoring(deps, batchRequest(i, solution));
  return runScoring(deps, singleRequest(i, solution));
}

async function run(kind: Kind, solution: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    const r = await scoreOnce(kind, i, solution);
    const sample = sampleOf(r, performance.now() - start);
    if ("items" in r && r.items.some((it) => "error" in it)) throw new Error(`an item failed: ${JSON.stringify(r.items.find((it) => "error" in it))}`);
    samples.push(sample);
  }
  return samples;
}

// Warm-up: JIT, the fg validation, the gRPC channel, the signature cache.
for (let i = 0; i < 20; i++) {
  for (const kind of ["runtime batch", "console batch"] as const) for (const s of ["v1", "v2"]) await scoreOnce(kind, i, s);
}
for (let i = 0; i < 200; i++) await runScoring(deps, singleRequest(i, i % 2 ? "v1" : "v2"));

const lines = [
  `# Batch scoring: 1 user x ${ITEMS} items beside single requests`,
  ``,
  `${REQUESTS} requests per row, sequential, after warm-up; favpush with its declarative fgs, trace on; PGlite built-in feature store and config center, dev model server over gRPC on loopback, all in one process. "runtime batch": the runtime with the console's ports but in-memory tables with getKVMany/getKKVMany; "console": run-scoring.ts over the PGlite store.`,
  `Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), load ${os.loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}.`,
  ``,
  `| run | p50 (ms) | p99 (ms) | feature I/O p50 | Predict RPC p50 | Predict calls per request | own work p50 (ms) | own work p99 (ms) |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
];
const stageLines: string[] = [];
const STAGES = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"];
for (const [kind, solution] of [
  ["runtime batch", "v1"],
  ["runtime batch", "v2"],
  ["console batch", "v1"],
  ["console batch", "v2"],
  ["console single", "v1"],
  ["console single", "v2"],
] as const) {
  const samples = await run(kind, solution);
  const total = stats(samples.map((s) => s.total));
  const own = stats(samples.map((s) => s.own));
  const calls = [...new Set(samples.map((s) => s.calls))].join(", ");
  const label = kind === "console single" ? `console, single, ${solution}` : `${kind} ${ITEMS} items, ${solution}`;
  lines.push(
    `| ${label} | ${ms(total.p50)} | ${ms(total.p99)} | ${ms(stats(samples.map((s) => s.io)).p50)} | ${ms(stats(samples.map((s) => s.rpc)).p50)} | ${calls} | ${ms(own.p50)} | ${ms(own.p99)} |`,
  );
  stageLines.push(`| ${label} | ${STAGES.map((st) => ms(stats(samples.map((s) => s.stages[st] ?? 0)).p50)).join(" | ")} |`);
}
lines.push(``, `Stage times p50 (ms, from the trace):`, ``, `| run | ${STAGES.join(" | ")} |`, `| --- | ${STAGES.map(() => "---:").join(" | ")} |`, ...stageLines);
lines.push(``, `Targets: a batch's own work under 3 ms p50 with one Predict call per request; a single request's under 1 ms p50.`, ``);

closeTfsClients();
await center.close();
await server.close();
await database.close();

const table = lines.join("\n");
const out = path.join(import.meta.dirname, "results", "batch-scoring.md");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, table);
console.log(table);
console.log(`Written to ${path.relative(process.cwd(), out)}`);
