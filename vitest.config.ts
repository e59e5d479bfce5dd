import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

// Three kinds of test file, told apart by name (README, "Tests"):
// - *.test.ts       unit: pure code, in this process only: no Redis, etcd, database, child process
//                   or socket. `vitest run --project unit` passes with nothing else running.
// - *.int.test.ts   integration: reaches Redis (REDIS_URL, test/support/redis.ts), starts etcd,
//                   model servers or other child processes, or listens on sockets.
// - *.db.test.ts    the console's database: once on PGlite and, when TEST_DATABASE_URL is set,
//                   once more on PostgreSQL (they may reach Redis, etcd and the rest too).
const alias = { "@": path.resolve(import.meta.dirname) };
const ignored = ["node_modules/**", "e2e/**", ".next/**"];
const dbKinds = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  resolve: { alias },
  test: {
    // Vitest's default leaves a core idle (cores - 1, so one worker on 2 cores); most test time
    // is spent waiting on sockets, etcd, PostgreSQL and child processes, so a worker per core
    // finishes the suite in about two thirds of the time without starving anything.
    maxWorkers: Math.max(2, os.availableParallelism()),
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/*.int.test.ts", ...ignored],
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
          include: ["**/*.db.test.ts"],
          exclude: ignored,
          env: { TEST_DB_KIND: kind },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
