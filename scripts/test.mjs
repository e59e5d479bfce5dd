#!/usr/bin/env node
// `npm test`: type-check and lint (ESLint, with the browser/server import boundary) side by side;
// then unit + integration (PGlite, and PostgreSQL when TEST_DATABASE_URL is set) while the
// production build for the end-to-end tests is made; then end-to-end in Chromium against that
// build. Stages of one step run at once (vitest leaves a core partly idle, which the build
// uses); a step starts only when every stage of the one before passed. Each stage prints its
// time; every failing stage of a step is reported.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const bin = (pkg, file) => path.join("node_modules", pkg, file);
const e2eBuild = path.join(".e2e-dist", `suite-${process.pid}`);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const steps = [
  [
    ["type-check", [bin("typescript", "bin/tsc"), "--noEmit", "-p", "."]],
    ["lint", [bin("eslint", "bin/eslint.js"), "."]],
  ],
  [
    ["unit + integration", [bin("vitest", "vitest.mjs"), "run"]],
    ["end-to-end build", [path.join("scripts", "e2e-build.mjs"), e2eBuild]],
  ],
  [["end-to-end", [bin("@playwright/test", "cli.js"), "test"], { E2E_BUILD_DIR: e2eBuild }]],
];

const children = new Set();
const cleanup = () => fs.rmSync(e2eBuild, { recursive: true, force: true });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    cleanup();
    process.exit(130);
  });
}

/**
 * Runs one stage. The first stage of a step writes straight to the terminal; the others'
 * output is held and printed whole when they end, so two stages never interleave line by line.
 */
function run([name, args, extraEnv = {}], direct) {
  const started = Date.now();
  const child = spawn(process.execPath, args, { stdio: direct ? "inherit" : ["ignore", "pipe", "pipe"], env: { ...env, ...extraEnv } });
  children.add(child);
  const held = [];
  child.stdout?.on("data", (chunk) => held.push(chunk));
  child.stderr?.on("data", (chunk) => held.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      children.delete(child);
      const ok = code === 0;
      if (held.length) process.stdout.write(`\n--- ${name} output ---\n${Buffer.concat(held).toString()}--- end of ${name} output ---\n`);
      console.log(`=== ${name}: ${ok ? "ok" : `FAILED (${signal ?? `exit ${code}`})`} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
      resolve({ name, ok, code });
    });
  });
}

const started = Date.now();
try {
  for (const step of steps) {
    console.log(`\n=== ${step.map(([name]) => name).join(" + ")} ===`);
    const results = await Promise.all(step.map((stage, i) => run(stage, i === 0)));
    const failed = results.filter((r) => !r.ok);
    if (failed.length) {
      console.log(`\nFailed: ${failed.map((r) => r.name).join(", ")}.`);
      process.exitCode = failed[0].code || 1;
      break;
    }
  }
} finally {
  cleanup();
}
if (!process.exitCode) console.log(`\nAll test stages passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
