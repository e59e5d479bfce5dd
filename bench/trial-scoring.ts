import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushArticleDocument, favpushVersions } from "@/db/seed/favpush";
import { startModelServer } from "@/model-server/start-model-server";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import { runScoring } from "@/server/scoring/run-scoring";
import type { ScoreResult, Stage } from "@/server/scoring/scoring-types";
import { favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import type { TensorInput } from "@/server/tfs/tensor-codec";

/**
 * Trial scoring end to end in one process, as the console runs it by default: PGlite (built-in
 * feature store and built-in config center), the dev model server over gRPC on loopback. Each
 * request goes through the whole flow with its trace, so the time of every stage is known;
 * a direct Predict of the same TensorIO to the same model runs in the same process for scale.
 *
 * "Console's own work" = total - feature I/O (the slowest of the parallel queries) - the Predict
 * RPC (measured by the client around the call). Everything else is ours: config, bucketing,
 * rendering, featureMap, fg, tensor encoding and the tracer.
 *
 *   npx tsx bench/trial-scoring.ts [--requests=2000]
 */
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const REQUESTS = arg("requests", 2000);
const STAGES: Stage[] = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99) };
};
const ms = (n: number) => n.toFixed(2);

const server = await startModelServer({
  models: favpushModelConfigs(),
  loadDelayMs: 0,
  pollIntervalSeconds: 0,
  log: () => undefined,
});
const address = `127.0.0.1:${server.grpcPort}`;
const database = await openDatabase({});
await seedFavpushWorld(database.db, { parts: ["app", "tables", "rows", "fg", "instances"], uids: { from: 200, to: 259 }, modelAddress: address });
const center = createBuiltinConfigCenter({ db: database.db });
await center.publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
const deps = wireScoringDeps(database.db, center);
// 60 uids and 29 goods ids of the demo world, so both solutions and warm and cold keys are met.
const request = (i: number) => ({ app_name: "favpush", origin: { uid: 200 + (i % 60), goods_id: 100 + (i % 29) }, options: { config: "published" as const, trace: true } });

interface Sample {
  total: number;
  own: number;
  stages: Record<string, number>;
}
function sampleOf(r: ScoreResult, total: number): Sample {
  const stages = Object.fromEntries((r.trace ?? []).map((s) => [s.stage, s.ms]));
  const io = Math.max(0, ...(r.details?.queries ?? []).map((q) => q.ms ?? 0));
  const predict = r.trace?.find((s) => s.stage === "predict")?.output as { rpcMs?: number } | undefined;
  const rpc = predict?.rpcMs ?? stages.predict ?? 0;
  return { total, own: total - io - rpc, stages };
}

async function runAt(concurrency: number): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const start = performance.now();
        const r = await runScoring(deps, request(i));
        samples.push(sampleOf(r, performance.now() - start));
      }
    }),
  );
  return { samples, seconds: (performance.now() - t0) / 1000 };
}

async function directPredict(concurrency: number): Promise<{ p50: number; p99: number; rps: number }> {
  const first = await runScoring(deps, request(0));
  const io = first.details!.tensorIO as { inputs: { name: string; dtype: string; shape: number[]; values: unknown[] }[] };
  const inputs = Object.fromEntries(io.inputs.map((t) => [t.name, { dtype: t.dtype, shape: t.shape, values: t.values } as TensorInput]));
  const client = getTfsClient(address);
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < REQUESTS) {
        next++;
        const start = performance.now();
        await client.predict({ model: { name: first.model.name, version: first.model.version }, inputs });
        times.push(performance.now() - start);
      }
    }),
  );
  return { ...stats(times), rps: REQUESTS / ((performance.now() - t0) / 1000) };
}

// Warm-up: JIT, the fg packages' first compile, the gRPC channel.
for (let i = 0; i < 200; i++) await runScoring(deps, request(i));

const lines = [
  `# Trial scoring: throughput, latency and where the time goes`,
  ``,
  `${REQUESTS} requests per row (favpush, uid and goods varying, v1/v2 by bucket, with trace), after 200 warm-up requests; PGlite built-in feature store and config center, dev model server over gRPC on loopback, all in one process.`,
  `Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), ${new Date().toISOString()}.`,
  ``,
  `| run | concurrency | requests/s | p50 (ms) | p99 (ms) | console's own work p50 (ms) | own work p99 (ms) |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
];
const shares: string[] = [];
for (const concurrency of [1, 16]) {
  const { samples, seconds } = await runAt(concurrency);
  const total = stats(samples.map((s) => s.total));
  const own = stats(samples.map((s) => s.own));
  lines.push(`| trial scoring | ${concurrency} | ${(samples.length / seconds).toFixed(0)} | ${ms(total.p50)} | ${ms(total.p99)} | ${ms(own.p50)} | ${ms(own.p99)} |`);
  const sum = samples.reduce((acc, s) => acc + STAGES.reduce((a, st) => a + (s.stages[st] ?? 0), 0), 0);
  shares.push(
    `| ${concurrency} | ${STAGES.map((st) => `${((samples.reduce((a, s) => a + (s.stages[st] ?? 0), 0) / sum) * 100).toFixed(1)} %`).join(" | ")} |`,
  );
  const direct = await directPredict(concurrency);
  lines.push(`| direct Predict, same TensorIO | ${concurrency} | ${direct.rps.toFixed(0)} | ${ms(direct.p50)} | ${ms(direct.p99)} | – | – |`);
}
lines.push(``, `Share of the traced time per stage:`, ``, `| concurrency | ${STAGES.join(" | ")} |`, `| ---: | ${STAGES.map(() => "---:").join(" | ")} |`, ...shares);
lines.push(``, `Target: the console's own work under 1 ms at p50 (concurrency 1).`, ``);

closeTfsClients();
await center.close();
await server.close();
await database.close();

const table = lines.join("\n");
const out = path.join(import.meta.dirname, "results", "trial-scoring.md");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, table);
console.log(table);
console.log(`Written to ${path.relative(process.cwd(), out)}`);
