import { randomUUID } from "node:crypto";
import { openDatabase } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushArticleDocument, favpushVersions } from "@/db/seed/favpush";
import { startModelServer } from "@/model-server/start-model-server";
import type { BatchScoreResult } from "@/sdk/src/runtime/types";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ScoreResult, Stage } from "@/server/scoring/scoring-types";
import { favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { runRequests } from "./measure";

/** The uids the world's rows cover (60 of them): warm and cold keys, both solutions by bucket. */
export const FAVPUSH_UIDS = { from: 200, to: 259 };

/** The stages of a scoring trace, in the order they run. */
export const STAGES: Stage[] = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"];

/**
 * Trial scoring as the console runs it by default, in this process: PGlite (built-in feature
 * store and built-in config center) seeded with the favpush demo world and its published release,
 * the dev model server over gRPC on loopback, and the console's wiring (run-scoring.ts).
 */
export async function openFavpushScoringWorld() {
  const server = await startModelServer({ models: favpushModelConfigs(), loadDelayMs: 0, pollIntervalSeconds: 0, log: () => undefined });
  const address = `127.0.0.1:${server.grpcPort}`;
  const database = await openDatabase({});
  await seedFavpushWorld(database.db, { parts: ["app", "tables", "rows", "fg", "instances"], uids: FAVPUSH_UIDS, modelAddress: address });
  const center = createBuiltinConfigCenter({ db: database.db });
  await center.publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
  const deps = wireScoringDeps(database.db, center);
  return {
    address,
    deps,
    async close() {
      closeTfsClients();
      await center.close();
      await server.close();
      await database.close();
    },
  };
}

export interface Sample {
  total: number;
  /** The console's own work: total - feature I/O - the Predict RPC. */
  own: number;
  io: number;
  rpc: number;
  calls: number;
  stages: Record<string, number>;
}

/**
 * One traced answer's times. Feature I/O is the slowest store query (they run concurrently), the
 * RPC what the client measured around Predict (the predict stage where it did not say).
 */
export function sampleOf(r: ScoreResult | BatchScoreResult, total: number): Sample {
  const stages = Object.fromEntries((r.trace ?? []).map((s) => [s.stage, s.ms]));
  const queries: { ms?: number }[] = r.details?.queries ?? [];
  const io = Math.max(0, ...queries.map((q) => q.ms ?? 0));
  const predict = r.trace?.find((s) => s.stage === "predict")?.output as { rpcMs?: number } | undefined;
  const rpc = predict?.rpcMs ?? stages.predict ?? 0;
  const calls = "items" in r ? r.predict.calls : 1;
  return { total, own: total - io - rpc, io, rpc, calls, stages };
}

/**
 * Scores `count` requests (`score(i)`), `concurrency` in flight, and keeps each one's times. A
 * batch with a failed item stops the run: its times would not be a batch's.
 */
export async function sampleScoring(
  count: number,
  concurrency: number,
  score: (i: number) => Promise<ScoreResult | BatchScoreResult>,
): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const seconds = await runRequests(count, concurrency, async (i) => {
    const start = performance.now();
    const r = await score(i);
    const sample = sampleOf(r, performance.now() - start);
    if ("items" in r && r.items.some((it) => "error" in it)) throw new Error(`an item failed: ${JSON.stringify(r.items.find((it) => "error" in it))}`);
    samples.push(sample);
  });
  return { samples, seconds };
}

/** The header of a table with a column per stage, after a first column `first`. */
export function stageTableHead(first: string, firstAlign: "---" | "---:"): string[] {
  return [`| ${first} | ${STAGES.join(" | ")} |`, `| ${firstAlign} | ${STAGES.map(() => "---:").join(" | ")} |`];
}
