// The console as the end-to-end tests see it: a production build (E2E_BUILD_DIR, when
// scripts/test.mjs built it already; otherwise one of its own, built now and removed after), a
// fresh data folder, demo data, the dev model server on free ports, and a known admin so the
// tests can create their own people.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { e2eEnv } from "./lib/e2e-env.mjs";

const given = process.env.E2E_BUILD_DIR;
const distDir = given || path.join(".e2e-dist", String(process.pid));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "scoring-e2e-"));
const env = e2eEnv({ distDir, dataDir });

const cleanup = () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (!given) fs.rmSync(distDir, { recursive: true, force: true });
};

if (!given) {
  const build = spawnSync(process.execPath, [path.join("scripts", "e2e-build.mjs"), distDir], { stdio: "inherit", env });
  if (build.status !== 0) {
    cleanup();
    process.exit(build.status ?? 1);
  }
} else if (!fs.existsSync(path.join(given, "BUILD_ID"))) {
  console.error(`E2E_BUILD_DIR=${given} holds no finished build`);
  cleanup();
  process.exit(1);
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
