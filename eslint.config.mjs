import { builtinModules } from "node:module";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Node's own modules, bare and `node:` (fs, node:fs, fs/promises, ...).
const nodeBuiltins = [`^node:`, `^(${builtinModules.filter((m) => !m.startsWith("_")).join("|")})(/|$)`];

/**
 * The browser/server boundary (README "Where client-safe code lives"). What components and
 * pages may import from the console's own code: `@/sdk/src/core/**` (pure logic) and
 * `@/server/contracts/**` (zod schemas and the types derived from them), plus other components
 * and app files. Never the domain (`@/server/**` otherwise), the database (`@/db/**`), the SDK's
 * Node client (`@/sdk/src` outside core), the model server, drivers or Node builtins.
 */
const browserBoundary = {
  paths: [
    {
      name: "@tanstack/react-query",
      importNames: ["useQuery"],
      message: "Use useQuery from @/components/query/use-query: it hydrates what the server rendered (React error #418 otherwise).",
    },
  ],
  patterns: [
    { regex: "^@/server(/(?!contracts(/|$))|$)", message: "The browser may import only @/server/contracts/** from the server; put pure logic in sdk/src/core." },
    { regex: "^(\\.\\./)+(server|db)(/|$)", message: "Import through @/server/contracts or @/sdk/src/core, never the server or database by relative path." },
    { regex: "^@/db(/|$)", message: "No database in browser code or pages: ask an API route, or use the page door app/_lib/page-user.ts." },
    { regex: "^@/sdk/src(/(?!core(/|$))|$)", message: "Only sdk/src/core is client-safe; the SDK's config client is Node-only." },
    { regex: "^@/(model-server|scripts|bench)(/|$)", message: "Server-side tooling is not browser code." },
    { regex: "^(pg|@electric-sql/pglite|ioredis|etcd3|drizzle-orm|@grpc/.*|protobufjs|quickjs-emscripten)(/|$)", message: "Drivers and server runtimes stay on the server." },
    ...nodeBuiltins.map((regex) => ({ regex, message: "No Node builtins in browser code or pages." })),
  ],
};

/** Core stays pure (sdk/src/core/README.md): relative imports inside core only. */
const corePurity = (depth) => ({
  patterns: [
    { regex: "^@/", message: "sdk/src/core imports nothing from the console: declare the structural type in core." },
    ...nodeBuiltins.map((regex) => ({ regex, message: "sdk/src/core is pure TypeScript: no Node builtins." })),
    { regex: "^[^.]", message: "sdk/src/core has no package dependencies (no zod, no drivers)." },
    { regex: `^(\\.\\./){${depth + 1},}`, message: "sdk/src/core imports only files inside sdk/src/core." },
  ],
});

/**
 * server/contracts is the other package the browser imports, so it is held to the same line:
 * zod, other contracts and core, nothing of the domain, the database or Node.
 */
const contractsPurity = (depth) => ({
  patterns: [
    { regex: "^@/(?!server/contracts(/|$)|sdk/src/core(/|$))", message: "server/contracts reaches the browser: import only zod, other contracts and @/sdk/src/core." },
    ...nodeBuiltins.map((regex) => ({ regex, message: "server/contracts reaches the browser: no Node builtins." })),
    { regex: "^(?!zod(/|$)|@/)[^.]", message: "server/contracts depends on zod alone." },
    { regex: `^(\\.\\./){${depth + 1},}`, message: "Outside server/contracts, import through @/sdk/src/core." },
  ],
});

/**
 * The scoring service (scoring-service/) runs on its own, beside the console, not in it: it takes
 * the SDK and, of the console's code, only the fg engine, the gRPC client of TF Serving and the
 * contracts (none of which reaches the database or Next.js); never the database or Next.js.
 */
const servicePurity = {
  patterns: [
    { regex: "^@/(?!sdk/src(/|$)|server/(fg|tfs|contracts)(/|$))", message: "The scoring service imports the SDK, server/fg, server/tfs and server/contracts only (no database, no Next.js)." },
    { regex: "^(\\.\\./)+", message: "Outside scoring-service/, import through @/." },
    { regex: "^(next|react|drizzle-orm|pg|@electric-sql/pglite)(/|$)", message: "The scoring service has no database and no Next.js." },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Unused names: a leading underscore marks one kept on purpose (a destructured rest, a
      // callback's position).
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    // Route handlers are server code. app/_lib/page-user.ts is the one sanctioned server door
    // for React Server Component pages: it reads the session cookie and the database so that
    // pages do not have to.
    // Tests (*.test.ts) run in Node under Vitest, never in the browser.
    ignores: ["app/api/**", "app/_lib/page-user.ts", "**/*.test.ts", "components/query/use-query.ts"],
    rules: { "no-restricted-imports": ["error", browserBoundary] },
  },
  ...[0, 1].map((depth) => ({
    files: [`server/contracts/${"*/".repeat(depth)}*.ts`],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", contractsPurity(depth)] },
  })),
  ...[0, 1, 2, 3].map((depth) => ({
    files: [`sdk/src/core/${"*/".repeat(depth)}*.ts`],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", corePurity(depth)] },
  })),
  {
    files: ["scoring-service/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", servicePurity] },
  },
  globalIgnores([".next/**", "out/**", "build/**", "next-env.d.ts", "node_modules/**", "sdk/dist/**", "test-results/**", "playwright-report/**", ".e2e-dist/**", ".data/**", ".data-*/**", "bench/results/**"]),
]);
