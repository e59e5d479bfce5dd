import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

// Files named *.db.test.ts touch the database: they run once on PGlite and, when
// TEST_DATABASE_URL is set, once more on PostgreSQL. Everything else runs once.
const alias = { "@": path.resolve(import.meta.dirname) };
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
          exclude: ["**/*.db.test.ts", "node_modules/**", "e2e/**", ".next/**"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      ...dbKinds.map((kind) => ({
        resolve: { alias },
        test: {
          name: `db-${kind}`,
          include: ["**/*.db.test.ts"],
          exclude: ["node_modules/**", "e2e/**", ".next/**"],
          env: { TEST_DB_KIND: kind },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
