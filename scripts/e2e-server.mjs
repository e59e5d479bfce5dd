// The console as the end-to-end tests see it: the production build, a fresh data folder,
// demo data, and a known admin so the tests can create their own people.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "./lib/ensure-build.mjs";

ensureBuild();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "scoring-e2e-"));
const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", process.env.E2E_PORT], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    DEMO: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: process.env.E2E_PORT,
    // The dev model server on free ports, so a console already running on 8500 does not clash.
    DEV_MODEL_SERVER: "1",
    DEV_MODEL_SERVER_GRPC_PORT: "0",
    DEV_MODEL_SERVER_REST_PORT: "0",
    SIGN_IN_LIMIT_PER_MINUTE: "1000",
  },
});
const cleanup = () => {
  child.kill("SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
};
process.on("SIGTERM", () => (cleanup(), process.exit(0)));
process.on("SIGINT", () => (cleanup(), process.exit(0)));
child.on("exit", (code) => process.exit(code ?? 0));
