import type { Db } from "@/db";
import { seedFavpushWorld } from "@/db/seed";
import { startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import type { VerificationReport } from "@/server/contracts/verification";
import { DEMO_MODELS_DIR, favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { loadChangeRequest } from "@/server/approvals/load-change-request";
import { startRequestVerification } from "@/server/approvals/start-request-verification";
import { SYSTEM, type Actor } from "@/server/auth/actor";
import { getReport } from "@/server/verification/get-report";
import { settleVerifications, waitForVerification } from "@/server/verification/run-verification";

/**
 * For tests of the release flow that are not about verification (docs/verification.md): a world
 * where a publish request really passes it. Approval takes a passed report, so their documents
 * name what this world holds, and they wait for the request's run before approving.
 */

/** A solution body every check passes (with no samples the report warns "no sample requests", which approval takes). */
export function verifiableSolutionBody(buckets: number[], features: Record<string, string> = {}) {
  return {
    features: { user_vec: "getKV user_tbl {uid}", ...features },
    model: { name: "favpush_lr", version: "20200116" },
    fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" },
    buckets,
  };
}

export interface VerifiableWorld {
  modelServer: RunningModelServer;
  close(): Promise<void>;
}

/**
 * The dev model server serving favpush's models, registered as their instance, the feature
 * tables (no rows; `tables: false` when the test has them already) and fg packages favpush's
 * solutions name. Once per test file.
 */
export async function startVerifiableWorld(db: Db, { tables = true }: { tables?: boolean } = {}): Promise<VerifiableWorld> {
  const modelServer = await startQuietServer({ models: favpushModelConfigs() });
  await seedFavpushWorld(db, { parts: [...(tables ? (["tables"] as const) : []), "fg", "models", "instances"], modelsRoot: DEMO_MODELS_DIR, modelAddress: `127.0.0.1:${modelServer.grpcPort}` });
  return {
    modelServer,
    /** After the runs still going (every request starts one): call it before closing the database. */
    async close() {
      await settleVerifications();
      closeTfsClients();
      await modelServer.close();
    },
  };
}

/**
 * Verifies a pending change request now, as its requester's "Re-run verification" does, and
 * waits for the report (what it would release may have changed since its own run: a DAG's
 * versions-only release, a re-base…); throws when it did not pass or warn, with the failed
 * checks, so a test that meant to approve says why it could not. Null for a decided request.
 */
export async function passVerification(db: Db, requestId: string, actor: Actor = SYSTEM): Promise<VerificationReport | null> {
  // Runs still going (a held release's verdict re-verifies the app's pending requests) would
  // otherwise start a newer report for this request after ours, and approval reads the newest.
  await settleVerifications();
  const { request } = await loadChangeRequest(db, requestId);
  // A decided request is not verified again (a test approving it twice expects the refusal).
  if (request.state !== "pending") return null;
  const id = await startRequestVerification(db, { actor, request });
  if (!id) throw new Error(`a "${request.kind}" request is not verified`);
  const report = (await waitForVerification(id)) ?? (await getReport(db, id));
  if (report.state !== "passed" && report.state !== "warned") {
    const failed = report.checks.filter((c) => c.status === "failed").map((c) => `${c.id}: ${c.reason}`);
    throw new Error(`verification of change request ${requestId} ${report.state}: ${report.error ?? failed.join("; ")}`);
  }
  return report;
}
