// The console as the end-to-end tests see it: a production build of its own (in a private
// dist folder, so a rebuild by someone else cannot pull it from under a running suite), a
// fresh data folder, demo data, the dev model server on free ports, and a known admin so the
// tests can create their own people.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const distDir = path.join(".e2e-dist", String(process.pid));
const tsconfig = `tsconfig.e2e-${process.pid}.json`;
fs.copyFileSync("tsconfig.json", tsconfig);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "scoring-e2e-"));
const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
const env = {
  ...process.env,
  NEXT_DIST_DIR: distDir,
  NEXT_TSCONFIG: tsconfig,
  NEXT_TELEMETRY_DISABLED: "1",
  DATA_DIR: dataDir,
  DEMO: "1",
  HOST: "127.0.0.1",
  PORT: process.env.E2E_PORT,
  DEV_MODEL_SERVER: "1",
  DEV_MODEL_SERVER_GRPC_PORT: "0",
  DEV_MODEL_SERVER_REST_PORT: "0",
  // The default, stated: e2e/sign-in-backoff.spec.ts counts on it. Specs sign in successfully,
  // which takes their attempts back, so they do not add up.
  SIGN_IN_LIMIT_PER_MINUTE: "10",
  // Every spec tries fgs as the same demo people within minutes: the per-person limit is tested in vitest.
  FG_TRY_LIMIT_PER_MINUTE: "1000",
  // The Live alert check at its shortest (60 s by default): e2e/live-journeys.spec.ts waits for an alert.
  TELEMETRY_ALERT_SECONDS: "10",
};

const cleanup = () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.rmSync(tsconfig, { force: true });
};

console.log(`Building the console for end-to-end tests into ${distDir}…`);
const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
if (build.status !== 0) {
  cleanup();
  process.exit(build.status ?? 1);
}

// The same server `npm start` runs (not `next start`), so the tests see the client address as production does.
const child = spawn(process.execPath, [path.join("scripts", "console-server.mjs")], { stdio: "inherit", env });
const stop = () => {
  child.kill("SIGTERM");
  cleanup();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  cleanup();
  process.exit(code ?? 0);
});
