import { execFileSync } from "node:child_process";
import { defineConfig } from "@playwright/test";

// The config is evaluated by the runner and again by each worker; the port chosen first is
// passed down through the environment so all of them talk to the same server.
process.env.E2E_PORT ??= execFileSync(process.execPath, ["scripts/free-port.mjs"]).toString();
process.env.E2E_ADMIN_EMAIL ??= "e2e-admin@scoring.local";
process.env.E2E_ADMIN_PASSWORD ??= "e2e-admin-password";
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

// Specs that change the demo app favpush or console-wide settings, or read demo state those
// change (its solutions, DAG, live release, telemetry, model versions, the instance allow-list):
// one at a time, in the "shared" project. Every other spec works on apps and people of its own,
// so it runs beside them, in a second worker ("own").
const shared = [
  "dag", "feature-tables", "instance-allowlist", "layout-1024", "live", "models", "pickers", "review",
  "solutions", "trial", "trial-items", "trial-origin", "unsaved-changes", "verified-publish",
].map((name) => `${name}.spec.ts`);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  // Two, while the server and Chromium share the machine's cores: most of a spec's time is spent
  // waiting on the server (verification, delivery, alerts), not on the CPU.
  workers: 2,
  projects: [
    { name: "shared", testMatch: shared, workers: 1 },
    { name: "own", testIgnore: shared },
  ],
  retries: 0,
  timeout: 60_000,
  // A bound on waiting, not a speed check: with two workers, the server and two Chromiums share
  // the two cores, and a heavy page (Live of the demo app) can take more than 10 s to show.
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${baseURL}/api/v1/health`,
    // E2E_REUSE=1 with E2E_PORT: iterate on specs against an e2e server you started yourself (node scripts/e2e-server.mjs).
    reuseExistingServer: process.env.E2E_REUSE === "1",
    timeout: 300_000,
    stdout: "pipe",
    env: {
      E2E_PORT: process.env.E2E_PORT,
      ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
    },
  },
});
