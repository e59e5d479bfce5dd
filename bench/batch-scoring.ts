import os from "node:os";
import { favpushRows, favpushTables } from "@/db/seed/favpush";
import { createScoringRuntime } from "@/sdk/src/runtime/create-runtime";
import type { FeatureTableReader } from "@/sdk/src/runtime/ports";
import type { BatchScoreResult } from "@/sdk/src/runtime/types";
import { consolePorts } from "@/server/scoring/console-ports";
import { runScoring } from "@/server/scoring/run-scoring";
import type { ScoreResult } from "@/server/scoring/scoring-types";
import { FAVPUSH_UIDS, openFavpushScoringWorld, sampleScoring, stageTableHead, STAGES } from "./lib/favpush-scoring-world";
import { hostLine, ms, numberArg, stats, writeResults } from "./lib/measure";

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
const REQUESTS = numberArg("requests", 300);
const ITEMS = numberArg("items", 200);

const { deps, close } = await openFavpushScoringWorld();

// The runtime itself, with the console's ports but the tables in memory with getKVMany/getKKVMany
// (a store answering in one round trip at no cost): what is left is the runtime's own work.
const memory = new Map<string, Map<string, unknown>>();
for (const { name } of favpushTables()) {
  const rows = new Map<string, unknown>();
  for (const line of favpushRows(name, FAVPUSH_UIDS).split("\n")) {
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

type Kind = "runtime batch" | "console batch" | "console single";
async function scoreOnce(kind: Kind, i: number, solution: string): Promise<ScoreResult | BatchScoreResult> {
  if (kind === "runtime batch") return runtime.score(batchRequest(i, solution));
  if (kind === "console batch") return runScoring(deps, batchRequest(i, solution));
  return runScoring(deps, singleRequest(i, solution));
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
  `${hostLine()}, load ${os.loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}.`,
  ``,
  `| run | p50 (ms) | p99 (ms) | feature I/O p50 | Predict RPC p50 | Predict calls per request | own work p50 (ms) | own work p99 (ms) |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
];
const stageLines: string[] = [];
for (const [kind, solution] of [
  ["runtime batch", "v1"],
  ["runtime batch", "v2"],
  ["console batch", "v1"],
  ["console batch", "v2"],
  ["console single", "v1"],
  ["console single", "v2"],
] as const) {
  const { samples } = await sampleScoring(REQUESTS, 1, (i) => scoreOnce(kind, i, solution));
  const total = stats(samples.map((s) => s.total));
  const own = stats(samples.map((s) => s.own));
  const calls = [...new Set(samples.map((s) => s.calls))].join(", ");
  const label = kind === "console single" ? `console, single, ${solution}` : `${kind} ${ITEMS} items, ${solution}`;
  lines.push(
    `| ${label} | ${ms(total.p50)} | ${ms(total.p99)} | ${ms(stats(samples.map((s) => s.io)).p50)} | ${ms(stats(samples.map((s) => s.rpc)).p50)} | ${calls} | ${ms(own.p50)} | ${ms(own.p99)} |`,
  );
  stageLines.push(`| ${label} | ${STAGES.map((st) => ms(stats(samples.map((s) => s.stages[st] ?? 0)).p50)).join(" | ")} |`);
}
lines.push(``, `Stage times p50 (ms, from the trace):`, ``, ...stageTableHead("run", "---"), ...stageLines);
lines.push(``, `Targets: a batch's own work under 3 ms p50 with one Predict call per request; a single request's under 1 ms p50.`, ``);

await close();
writeResults("batch-scoring", lines);
