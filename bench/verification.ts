import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { releases, sampleRequests } from "@/db/schema";
import { seedFavpushWorld } from "@/db/seed";
import { favpushCfGoods, favpushSolutions, favpushVersions } from "@/db/seed/favpush";
import { startModelServer } from "@/model-server/start-model-server";
import { getApp } from "@/server/apps/get-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import { hashContent } from "@/server/releases/release-content";
import { runScoring } from "@/server/scoring/run-scoring";
import { DEMO_MODELS_DIR, favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { verifyCandidate } from "@/server/verification/verify-candidate";
import { mergeResults } from "./lib/results-file";

/**
 * Verification of a candidate release (docs/verification.md), in one process as the console
 * runs it: PGlite, the built-in feature store, the dev model server over gRPC on loopback.
 * The candidate has 3 solutions (the articles' v1 and v2, and v3 = v2 with the code DNNFg@v3),
 * the app 20 sample requests, live the articles' release: 3 × 20 candidate scorings and 2 × 20
 * live ones per verification. Then what other requests of the console see while verifications
 * run back to back (two at a time, the runner's limit): a cheap database read and a trial score.
 * Reported, not asserted.
 *
 *   npx tsx bench/verification.ts [--rounds=20] [--probes=400]
 */
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const ROUNDS = arg("rounds", 20);
const PROBES = arg("probes", 400);
const SAMPLES = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
};
const ms = (n: number) => n.toFixed(1);

const server = await startModelServer({ models: favpushModelConfigs(), loadDelayMs: 0, pollIntervalSeconds: 0, log: () => undefined });
const address = `127.0.0.1:${server.grpcPort}`;
const database = await openDatabase({});
const { db } = database;
await seedFavpushWorld(db, { parts: ["app", "tables", "rows", "fg", "models", "instances"], uids: { from: 200, to: 259 }, modelsRoot: DEMO_MODELS_DIR, modelAddress: address });

const documentOf = (solutions: ReturnType<typeof favpushSolutions>) => ({
  app_name: "favpush",
  solutions: solutions.map(({ name, ...body }) => ({ [name]: body })),
  app: { bucket_count: 10, hash_key: "uid", salt: "favpush" },
});
const [v1, v2] = favpushSolutions();
const candidate = {
  document: documentOf([
    { ...v1!, buckets: [0, 1, 2] },
    { ...v2!, buckets: [3, 4, 5, 6] },
    { ...v2!, name: "v3", fg: { class: "com.xxx.ranking.fg.DNNFg", version: "v3" }, buckets: [7, 8, 9] },
  ]),
  versions: favpushVersions(),
};
const live = { document: documentOf(favpushSolutions()), versions: favpushVersions() };
await db.insert(releases).values({ app: "favpush", seq: 1, author: "bench", comment: "live", document: live.document, versions: live.versions, contentHash: hashContent(live), diff: { changes: [] }, deliveryState: "delivered" });
for (let i = 0; i < SAMPLES; i++) {
  const uid = 200 + i * 3;
  await db.insert(sampleRequests).values({ app: "favpush", name: `sample ${i}`, origin: { uid, goods_id: favpushCfGoods(uid)[i % 5]! }, source: "demo", createdBy: "bench" });
}

const center = createBuiltinConfigCenter({ db });
await center.publish({ app: "favpush", releaseId: randomUUID(), document: live.document, versions: live.versions });
const deps = wireScoringDeps(db, center);
const verify = () => verifyCandidate(db, { app: "favpush", content: candidate, baseReleaseId: null });

// Warm-up: JIT, the code fg's first compile, the gRPC channel.
const first = await verify();
if (first.state !== "passed") throw new Error(`the bench candidate should pass, got ${first.state}: ${JSON.stringify(first.checks.filter((c) => c.status !== "passed"))}`);
for (let i = 0; i < 2; i++) await verify();

const times: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  await verify();
  times.push(performance.now() - t0);
}
const verifyStats = stats(times);

/** Other requests, one after another: a database read (the app) and a trial score of the published config. */
async function probe(n: number): Promise<{ read: number[]; trial: number[] }> {
  const read: number[] = [];
  const trial: number[] = [];
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    await getApp(db, "favpush");
    read.push(performance.now() - t0);
    t0 = performance.now();
    await runScoring(deps, { app_name: "favpush", origin: { uid: 200 + (i % 60), goods_id: 100 + (i % 29) } });
    trial.push(performance.now() - t0);
  }
  return { read, trial };
}
const idle = await probe(PROBES);
let stop = false;
let during = 0;
const background = Array.from({ length: 2 }, async () => {
  while (!stop) {
    await verify();
    during++;
  }
});
const busy = await probe(PROBES);
stop = true;
await Promise.all(background);

const row = (label: string, p: { read: number[]; trial: number[] }) => {
  const r = stats(p.read);
  const t = stats(p.trial);
  return `| ${label} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(t.p50)} | ${ms(t.p99)} |`;
};
const when = `Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), ${new Date().toISOString()}.`;
const sections = [
  {
    heading: "One verification",
    lines: [
      "",
      `A candidate of 3 solutions × ${SAMPLES} sample requests (and live's 2 solutions on the same requests: 100 scorings), ${ROUNDS} runs after 3 warm-up runs. ${when}`,
      "",
      "| p50 (ms) | p99 (ms) | max (ms) |",
      "| ---: | ---: | ---: |",
      `| ${ms(verifyStats.p50)} | ${ms(verifyStats.p99)} | ${ms(verifyStats.max)} |`,
      "",
      "Target: under 2 s at p50.",
    ],
  },
  {
    heading: "Other requests while verifications run",
    lines: [
      "",
      `${PROBES} requests of each kind one after another, first with nothing else running, then while two verifications run back to back (${during} finished meanwhile). ${when}`,
      "",
      "| while | app read p50 (ms) | app read p99 (ms) | trial score p50 (ms) | trial score p99 (ms) |",
      "| --- | ---: | ---: | ---: | ---: |",
      row("idle", idle),
      row("2 verifications running", busy),
      "",
      "Target: other requests' p99 stays under 250 ms.",
    ],
  },
];

closeTfsClients();
await center.close();
await server.close();
await database.close();

const out = path.join(import.meta.dirname, "results", "verification.md");
fs.mkdirSync(path.dirname(out), { recursive: true });
const previous = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : null;
const text = mergeResults(previous, ["# Release verification", ""], sections.map((s) => s.heading), sections);
fs.writeFileSync(out, text);
console.log(text);
console.log(`Written to ${path.relative(process.cwd(), out)}`);
