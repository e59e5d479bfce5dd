import { getDb } from "@/db";
import { env } from "@/server/env";
import { startDevModelServer } from "@/server/dev-model-server/start-dev-model-server";
import { failInterruptedOperations } from "@/server/models/operations/fail-interrupted";
import { startDagRuntime } from "@/server/dag/engine/start-dag-runtime";
import { startReleaseDelivery } from "@/server/outbox/start-release-delivery";
import { ensurePeople, type Credential } from "./ensure-people";
import { ensureAllowlistEntries } from "@/server/registry/allowlist/ensure-allowlist-entries";
import { seedDemo, seedDemoRelease } from "./seed-demo";
import { startHeldReleaseSweeper } from "@/server/releases/held/sweep-held-releases";
import { startLiveAlerts } from "@/server/telemetry/alerts/start-live-alerts";
import { startTelemetryRollup } from "@/server/telemetry/start-telemetry-rollup";
import { handDemoScoringServiceToken } from "./demo-scoring-service-token";

const globalForBoot = globalThis as unknown as { __scoringBoot?: Promise<void> };

/** Runs once per process at server start: migrate (inside getDb), first people, demo data. */
export function bootstrap(): Promise<void> {
  globalForBoot.__scoringBoot ??= run();
  return globalForBoot.__scoringBoot;
}

async function run(): Promise<void> {
  const e = env();
  const db = await getDb();
  const demo = e.DEMO === "1";
  const creds = await ensurePeople(db, { adminEmail: e.ADMIN_EMAIL, adminPassword: e.ADMIN_PASSWORD, demo });
  if (demo) {
    // The demo's model server registers on loopback; a production console allows no instance host until an admin does.
    await ensureAllowlistEntries(db);
    await seedDemo(db);
  }
  if (creds.length) printCredentials(creds);
  await failInterruptedOperations(db);
  // Releases committed while no console ran are delivered now; new ones as they commit.
  await startReleaseDelivery();
  if (e.DEV_MODEL_SERVER === "1") {
    const server = await startDevModelServer(db);
    console.log(`Dev model server (TF Serving API, a development tool): gRPC 127.0.0.1:${server.grpcPort}, REST 127.0.0.1:${server.restPort}`);
  }
  // The first release is verified through the models: after the dev model server holds them,
  // and before the DAG engine may write releases of its own behind it.
  if (demo) await seedDemoRelease(db);
  if (e.DEMO_SCORING_SERVICE === "1") await handDemoScoringServiceToken(db);
  await startDagRuntime(db);
  // Held releases whose verification was lost with a stopped console are verified again.
  startHeldReleaseSweeper(db);
  // Telemetry's minute rows become hourly rows after TELEMETRY_MINUTE_HOURS, and go after TELEMETRY_RETENTION_DAYS.
  startTelemetryRollup(db);
  // Live alerts (split, error and missing-feature rates, instances on an old release) to the DAG's alert webhook.
  startLiveAlerts(db);
}

function printCredentials(creds: Credential[]): void {
  const lines = creds.map((c) => `  ${c.role.padEnd(9)} ${c.email.padEnd(26)} ${c.generated ? c.password : "(password from ADMIN_PASSWORD)"}`);
  console.log(
    [
      "",
      "┌─ Scoring Console: first start ─────────────────────────────────────",
      "│ These passwords are shown once and stored only as scrypt hashes.",
      ...lines.map((l) => `│${l}`),
      "└────────────────────────────────────────────────────────────────────",
      "",
    ].join("\n"),
  );
}
