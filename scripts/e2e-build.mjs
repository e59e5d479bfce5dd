#!/usr/bin/env node
// `node scripts/e2e-build.mjs DIST_DIR`: the production build the end-to-end tests run against,
// in a dist folder of its own (so a rebuild by someone else cannot pull it from under a running
// suite). scripts/e2e-server.mjs runs it when E2E_BUILD_DIR names no finished build;
// scripts/test.mjs runs it while vitest runs and hands the folder over in E2E_BUILD_DIR.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { e2eEnv } from "./lib/e2e-env.mjs";

const distDir = process.argv[2];
if (!distDir) {
  console.error("usage: node scripts/e2e-build.mjs DIST_DIR");
  process.exit(2);
}
// Next.js writes the dist folder into the tsconfig it builds with: a copy of our own, needed only
// while building (the production server does not read it).
const tsconfig = `tsconfig.e2e-${path.basename(distDir)}.json`;
fs.copyFileSync("tsconfig.json", tsconfig);
// Nothing at build time reads the data folder; one of its own all the same, so the build never
// touches the server's.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "scoring-e2e-build-"));
const nextBin = path.join("node_modules", "next", "dist", "bin", "next");

console.log(`Building the console for end-to-end tests into ${distDir}…`);
const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...e2eEnv({ distDir, dataDir }), NEXT_TSCONFIG: tsconfig } });
fs.rmSync(tsconfig, { force: true });
fs.rmSync(dataDir, { recursive: true, force: true });
if (build.status !== 0) fs.rmSync(distDir, { recursive: true, force: true });
process.exit(build.status ?? 1);
