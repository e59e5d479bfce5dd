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
  DEMO_SCORING_SERVICE: process.env.DEMO_SCORING_SERVICE ?? "1",
};
const host = process.env.HOST ?? "127.0.0.1";
const port = process.env.PORT ?? "3000";
env.PORT = port;
env.HOST = host;

ensureBuild({ force: process.argv.includes("--rebuild") });

const children = [];
function run(name, args, options = {}) {
  const child = spawn(process.execPath, args, { stdio: "inherit", env, ...options });
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
// Our own server in front of Next.js (not `next start`): it alone sees the socket and tells the
// routes the caller's address (scripts/lib/console-server.mjs, server/http/client-ip.ts).
// The IPC channel is how the console hands over the demo scoring service's token (never printed).
const consoleProcess = run("console", [path.join("scripts", "console-server.mjs")], { stdio: ["inherit", "inherit", "inherit", "ipc"] });
consoleProcess.on("message", (message) => {
  if (message?.type === "demo-scoring-service" && !stopping) startDemoScoringService(message).catch((e) => console.error(`Scoring service not started: ${e.message}`));
});

/** The demo app's scoring service (scoring-service/), once the console answers; its address is printed. */
async function startDemoScoringService({ app, token }) {
  const consoleUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  for (;;) {
    if (stopping) return;
    const up = await fetch(`${consoleUrl}/api/v1/health`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const args = [
    "--import", "tsx", path.join("scoring-service", "main.ts"),
    `--console=${consoleUrl}`, `--app=${app}`, `--host=${host}`, `--port=${process.env.SCORING_SERVICE_PORT ?? "3100"}`,
    `--cache-file=${path.join(dataDir, "scoring-service", `${app}.config.json`)}`,
  ];
  if (process.env.CONFIG_CENTER === "etcd" && process.env.ETCD_ENDPOINTS) {
    args.push(`--etcd=${process.env.ETCD_ENDPOINTS}`, `--etcd-prefix=${process.env.ETCD_PREFIX ?? "/scoring-console"}`);
  }
  // The same token reports telemetry (it holds telemetry:write), every 10 s so the Live page fills quickly.
  args.push("--telemetry-interval-ms=10000");
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...env, SCORING_CONSOLE_TOKEN: token, SCORING_TELEMETRY_TOKEN: token },
  });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`Scoring service stopped (${signal ?? code}); the console keeps running.`);
  });
  let buffer = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const listening = /listening on (\S+)/.exec(line);
      if (listening) {
        console.log(`Scoring service (${app}): ${listening[1]}  (POST /score, GET /healthz, GET /metrics)`);
        startDemoTraffic(listening[1]);
      } else process.stdout.write(`${line}\n`);
    }
  });
}

/** Demo mode only: a few requests per second to the demo service, so the Live page has data within a minute. */
function startDemoTraffic(serviceUrl) {
  if (env.DEMO !== "1" || process.env.DEMO_TRAFFIC === "0" || stopping) return;
  const rate = process.env.DEMO_TRAFFIC_RATE ?? "3";
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "demo-traffic.ts"), `--url=${serviceUrl}`, `--rate=${rate}`], {
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`Demo traffic stopped (${signal ?? code}); the console keeps running.`);
  });
}
