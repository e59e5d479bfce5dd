#!/usr/bin/env node
// `npm start`: build when needed, then serve the console with everything embedded.
// On an empty data folder this is demo mode: demo people and data are created and the
// passwords are printed once.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild } from "./lib/ensure-build.mjs";

const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
const fresh = !process.env.DATABASE_URL && !fs.existsSync(path.join(dataDir, "pgdata"));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  DEMO: process.env.DEMO ?? (fresh ? "1" : "0"),
  NEXT_TELEMETRY_DISABLED: "1",
  DEV_MODEL_SERVER: process.env.DEV_MODEL_SERVER ?? "1",
};
const host = process.env.HOST ?? "127.0.0.1";
const port = process.env.PORT ?? "3000";
env.PORT = port;

ensureBuild({ force: process.argv.includes("--rebuild") });

const children = [];
function run(name, args) {
  const child = spawn(process.execPath, args, { stdio: "inherit", env });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`${name} stopped (${signal ?? code}); stopping the console.`);
    stop(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

console.log(`Scoring Console: http://${host}:${port}  (data: ${process.env.DATABASE_URL ? "PostgreSQL" : dataDir}${env.DEMO === "1" ? ", demo mode" : ""})`);
// Config API clients long-poll and ask again as soon as they have an answer, maybe
// seconds later when their process is busy: idle connections stay open longer than Node's 5 s,
// so a re-poll does not meet a connection closed under it (an error and a retry).
run("console", [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-H", host, "-p", port, "--keepAliveTimeout", "65000"]);
