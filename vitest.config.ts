import { defineConfig } from "vitest/config";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Three kinds of test file, told apart by name (README, "Tests"):
// - *.test.ts       unit: pure code, in this process only: no Redis, etcd, database, child process
//                   or socket. `vitest run --project unit` passes with nothing else running.
// - *.int.test.ts   integration: reaches Redis (REDIS_URL, test/support/redis.ts), starts etcd,
//                   model servers or other child processes, or listens on sockets.
// - *.db.test.ts    the console's database: on PGlite and, when TEST_DATABASE_URL is set, those
//                   whose subject depends on the engine (onPostgres below) once more on
//                   PostgreSQL (they may reach Redis, etcd and the rest too).
const alias = { "@": path.resolve(import.meta.dirname) };
const ignored = ["node_modules/**", "e2e/**", ".next/**"];

/**
 * The *.db.test.ts files that run a second time on PostgreSQL (project db-postgres, when
 * TEST_DATABASE_URL is set). Every db test runs on PGlite; on PostgreSQL run only those whose
 * subject depends on the database engine: several processes or connections on one database
 * (locks, leases, LISTEN/NOTIFY, concurrent transactions), what a transaction leaves behind when
 * it fails part way, the outbox, bulk loads and the SQL of the feature stores and telemetry, and
 * what the driver or server itself refuses. Routes, roles, validation and the scoring path read
 * and write the same rows through the same Drizzle queries on both engines, so PGlite alone is
 * enough for them. Each migration runs on PostgreSQL in every file below.
 *
 * A new db test joins this list when its subject is one of the above; this config fails when a
 * name here matches no file.
 */
const onPostgres = [
  // Several processes or connections on one database.
  "server/config-center/builtin/listen-notify.db.test.ts",
  "server/dag/engine/two-engine-processes.db.test.ts",
  "server/models/operations/operation-leases.db.test.ts",
  "server/users/last-admin-concurrency.db.test.ts",
  "server/outbox/dispatcher-kill.db.test.ts",
  // The engine's claims and steps, and the center's release log, in transactions.
  "server/dag/engine/dag-engine.db.test.ts",
  "server/config-center/builtin/builtin-config-center.db.test.ts",
  "server/models/operations/confirm-and-roll.db.test.ts",
  // The outbox: delivery, refusal and faults between "the center took it" and "marked delivered".
  "server/outbox/delivery-faults.db.test.ts",
  "server/outbox/delivery-refused.db.test.ts",
  // Releases and approvals: requests that race, conflict or roll back, all or nothing.
  "server/releases/release-flow.db.test.ts",
  "server/releases/release-requests.db.test.ts",
  "server/releases/request-base.db.test.ts",
  "server/releases/rollback-release.db.test.ts",
  "server/releases/held/held-releases.db.test.ts",
  "server/approvals/verification-gate.db.test.ts",
  // Feature-store loads (nothing half-loaded) and the built-in store's SQL.
  "server/feature-tables/load-feature-rows.db.test.ts",
  "server/feature-tables/db-store-many.db.test.ts",
  "server/feature-tables/stores/feature-store.db.test.ts",
  // Telemetry: the ingest queue's bulk writes, the series' SQL, the alert check.
  "server/telemetry/telemetry.db.test.ts",
  "server/telemetry/read-live-series.db.test.ts",
  "server/telemetry/alerts/live-alerts.db.test.ts",
  "test/api/telemetry-ingest-fast-route.db.test.ts",
  // What the engine or its driver refuses, and how its errors look.
  "test/api/unstorable-text.db.test.ts",
  "server/log/loggable-error.db.test.ts",
];
const dbKinds = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];
// A renamed or removed file must not silently leave the PostgreSQL pass.
const missing = onPostgres.filter((file) => !fs.existsSync(path.join(import.meta.dirname, file)));
if (missing.length) throw new Error(`onPostgres (vitest.config.ts) names files that do not exist: ${missing.join(", ")}`);

export default defineConfig({
  resolve: { alias },
  test: {
    // Vitest's default leaves a core idle (cores - 1, so one worker on 2 cores). Most test time
    // is spent waiting on sockets, etcd, PostgreSQL and child processes: a worker per core still
    // left a third of the CPU idle (1.3 of 2 cores busy), one more uses it (2026-12-03, 2 cores:
    // 3 workers 404 s and 1.8 cores busy, 2 workers about 550 s).
    maxWorkers: os.availableParallelism() + 1,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/*.int.test.ts", ...ignored],
          // Pure code, no process-wide state to leak (the few stubs are undone in afterEach):
          // one module graph per worker instead of one per file, a third of the CPU time.
          isolate: false,
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ignored,
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      ...dbKinds.map((kind) => ({
        resolve: { alias },
        test: {
          name: `db-${kind}`,
          include: kind === "postgres" ? [...onPostgres] : ["**/*.db.test.ts"],
          exclude: ignored,
          env: { TEST_DB_KIND: kind },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
