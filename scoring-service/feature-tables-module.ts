import { createRequire } from "node:module";

// sdk/ is a CommonJS package. Imported from ESM under tsx, the imported file itself runs from a
// data: URL, where its `import("ioredis")` (loaded on demand, an optional peer dependency) cannot
// resolve; required, it runs from its own path and resolves ioredis like any module.
const load = createRequire(import.meta.url);

export const { createFeatureTables } = load("../sdk/src/runtime/adapters/feature-tables.ts") as typeof import("@/sdk/src/runtime/adapters/feature-tables");
