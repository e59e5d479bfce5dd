import { runScoring } from "@/server/scoring/run-scoring";
import { getTfsClient } from "@/server/tfs/grpc-client";
import type { TensorInput } from "@/server/tfs/tensor-codec";
import { openFavpushScoringWorld, sampleScoring, stageTableHead, STAGES } from "./lib/favpush-scoring-world";
import { hostLine, ms, numberArg, runRequests, stats, writeResults } from "./lib/measure";

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
const REQUESTS = numberArg("requests", 2000);

const { address, deps, close } = await openFavpushScoringWorld();
// 60 uids and 29 goods ids of the demo world, so both solutions and warm and cold keys are met.
const request = (i: number) => ({ app_name: "favpush", origin: { uid: 200 + (i % 60), goods_id: 100 + (i % 29) }, options: { config: "published" as const, trace: true } });

async function directPredict(concurrency: number): Promise<{ p50: number; p99: number; rps: number }> {
  const first = await runScoring(deps, request(0));
  const io = first.details!.tensorIO as { inputs: { name: string; dtype: string; shape: number[]; values: unknown[] }[] };
  const inputs = Object.fromEntries(io.inputs.map((t) => [t.name, { dtype: t.dtype, shape: t.shape, values: t.values } as TensorInput]));
  const client = getTfsClient(address);
  const times: number[] = [];
  const seconds = await runRequests(REQUESTS, concurrency, async () => {
    const start = performance.now();
    await client.predict({ model: { name: first.model.name, version: first.model.version }, inputs });
    times.push(performance.now() - start);
  });
  return { ...stats(times), rps: REQUESTS / seconds };
}

// Warm-up: JIT, the fg packages' first compile, the gRPC channel.
for (let i = 0; i < 200; i++) await runScoring(deps, request(i));

const lines = [
  `# Trial scoring: throughput, latency and where the time goes`,
  ``,
  `${REQUESTS} requests per row (favpush, uid and goods varying, v1/v2 by bucket, with trace), after 200 warm-up requests; PGlite built-in feature store and config center, dev model server over gRPC on loopback, all in one process.`,
  `${hostLine()}, ${new Date().toISOString()}.`,
  ``,
  `| run | concurrency | requests/s | p50 (ms) | p99 (ms) | console's own work p50 (ms) | own work p99 (ms) |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
];
const shares: string[] = [];
for (const concurrency of [1, 16]) {
  const { samples, seconds } = await sampleScoring(REQUESTS, concurrency, (i) => runScoring(deps, request(i)));
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
lines.push(``, `Share of the traced time per stage:`, ``, ...stageTableHead("concurrency", "---:"), ...shares);
lines.push(``, `Target: the console's own work under 1 ms at p50 (concurrency 1).`, ``);

await close();
writeResults("trial-scoring", lines);
