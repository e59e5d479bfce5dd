#!/usr/bin/env node
// `npm test`: type-check, lint (ESLint, with the browser/server import boundary), unit +
// integration (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), then end-to-end in
// Chromium against the production build. Stops at the first failing stage.
import { spawnSync } from "node:child_process";
import path from "node:path";

const bin = (pkg, file) => path.join("node_modules", pkg, file);
const stages = [
  ["type-check", [bin("typescript", "bin/tsc"), "--noEmit", "-p", "."]],
  ["lint", [bin("eslint", "bin/eslint.js"), "."]],
  ["unit + integration", [bin("vitest", "vitest.mjs"), "run"]],
  ["end-to-end", [bin("@playwright/test", "cli.js"), "test"]],
];

const started = Date.now();
for (const [name, args] of stages) {
  console.log(`\n=== ${name} ===`);
  const t = Date.now();
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  console.log(`=== ${name}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - t) / 1000).toFixed(0)} s ===`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`\nAll test stages passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
