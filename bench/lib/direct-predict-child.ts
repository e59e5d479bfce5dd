// Direct Predict calls from a process of their own (so the benchmark can pin it to another core
// than the model server's): reads {address, predicts, concurrency, requests} as JSON on stdin,
// prints {rps, p50, p99} (ms) as one JSON line.
import { getTfsClient, closeTfsClients } from "@/server/tfs/grpc-client";
import type { TensorInput } from "@/server/tfs/tensor-codec";

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const job = JSON.parse(Buffer.concat(chunks).toString()) as {
  address: string;
  predicts: { model: { name: string; version: number }; inputs: Record<string, TensorInput>; outputFilter: string[] }[];
  concurrency: number;
  requests: number;
  warmup: number;
};
const client = getTfsClient(job.address);
async function run(requests: number) {
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const start = performance.now();
        await client.predict(job.predicts[i % job.predicts.length]!);
        times.push(performance.now() - start);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  return { rps: requests / ((performance.now() - t0) / 1000), p50: at(50), p99: at(99) };
}
await run(job.warmup);
console.log(JSON.stringify(await run(job.requests)));
closeTfsClients();
process.exit(0);
