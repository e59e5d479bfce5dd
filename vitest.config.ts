import { defineConfig } from "vitest/config";
import path from "node:path";

// Files named *.db.test.ts touch the database: they run once on PGlite and, when
// TEST_DATABASE_URL is set, once more on PostgreSQL. Everything else runs once.
const alias = { "@": path.resolve(import.meta.dirname) };
const dbKinds = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  resolve: { alias },
  test: {
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
