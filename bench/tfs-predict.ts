import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { startModelServer } from "@/model-server/start-model-server";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import { loadTfsProtos } from "@/server/tfs/load-protos";

/**
 * What the server/tfs client costs over a bare @grpc/grpc-js call: Predict on half_plus_two
 * against an in-process dev model server, the two clients alternating call by call so both
 * see the same machine state. Prints a markdown table and writes bench/results/tfs-predict.md.
 *
 *   npx tsx bench/tfs-predict.ts [--warm=2000] [--measured=5000]
 */
const FIXTURE = path.resolve(import.meta.dirname, "../model-server/demo-models/half_plus_two/00000123");

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) copyTree(path.join(from, e.name), path.join(to, e.name));
    else fs.writeFileSync(path.join(to, e.name), fs.readFileSync(path.join(from, e.name)));
  }
}

function percentile(sortedMicros: number[], p: number): number {
  return sortedMicros[Math.min(sortedMicros.length - 1, Math.ceil((p / 100) * sortedMicros.length) - 1)] ?? NaN;
}

async function benchTfsPredict(warm: number, measured: number): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-tfs-"));
  copyTree(FIXTURE, path.join(root, "half_plus_two", "123"));
  const server = await startModelServer({
    models: [{ name: "half_plus_two", basePath: path.join(root, "half_plus_two"), modelPlatform: "tensorflow", versionPolicy: null, versionLabels: {} }],
    loadDelayMs: 0,
    pollIntervalSeconds: 0,
    log: () => undefined,
  });
  const address = `127.0.0.1:${server.grpcPort}`;
  const ours = getTfsClient(address);
  const { PredictionService } = loadTfsProtos();
  const bare = new PredictionService(address, grpc.credentials.createInsecure());
  const bareRequest = {
    model_spec: { name: "half_plus_two" },
    inputs: { x: { dtype: "DT_FLOAT", tensor_shape: { dim: [{ size: "3" }] }, float_val: [1, 2, 5] } },
  };

  const viaOurs = () => ours.predict({ model: { name: "half_plus_two" }, inputs: { x: { dtype: "float", shape: [3], values: [1, 2, 5] } } });
  const viaBare = () =>
    new Promise<unknown>((resolve, reject) =>
      (bare.Predict as (req: object, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: unknown) => void) => void)(
        bareRequest,
        { deadline: Date.now() + 5000 },
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );

  const timings = { ours: [] as number[], bare: [] as number[] };
  try {
    const check = await viaOurs();
    if (check.outputs.y?.values.join(",") !== "2.5,3,4.5") throw new Error(`Unexpected prediction ${JSON.stringify(check.outputs.y)}`);
    for (let i = 0; i < warm + measured; i++) {
      for (const [name, call] of [["ours", viaOurs], ["bare", viaBare]] as const) {
        const start = process.hrtime.bigint();
        await call();
        if (i >= warm) timings[name].push(Number(process.hrtime.bigint() - start) / 1000);
      }
    }
  } finally {
    bare.close();
    closeTfsClients();
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }

  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const o = stats(timings.ours);
  const b = stats(timings.bare);
  const fmt = (n: number) => n.toFixed(0);
  const table = [
    `# Predict on half_plus_two: server/tfs client vs bare @grpc/grpc-js`,
    ``,
    `${measured} measured calls each after ${warm} warm-up calls, alternating, sequential, against the in-process dev model server on 127.0.0.1.`,
    `Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), ${new Date().toISOString()}.`,
    ``,
    `| client | p50 (µs) | p99 (µs) |`,
    `| --- | ---: | ---: |`,
    `| server/tfs \`getTfsClient().predict\` | ${fmt(o.p50)} | ${fmt(o.p99)} |`,
    `| bare \`@grpc/grpc-js\` Predict | ${fmt(b.p50)} | ${fmt(b.p99)} |`,
    `| ratio (server/tfs / bare) | ${(o.p50 / b.p50).toFixed(2)} | ${(o.p99 / b.p99).toFixed(2)} |`,
    ``,
  ].join("\n");
  return table;
}

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const table = await benchTfsPredict(arg("warm", 2000), arg("measured", 5000));
const out = path.join(import.meta.dirname, "results", "tfs-predict.md");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, table);
console.log(table);
console.log(`Written to ${path.relative(process.cwd(), out)}`);
