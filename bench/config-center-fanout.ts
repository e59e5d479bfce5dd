/**
 * Config center fan-out, measured: one release to 10,000 watching SDK clients.
 *
 * This process is the console: PGlite (as the console runs by default), the built-in center and
 * the real config route handler, served as `npm start` serves it: our own HTTP server
 * (scripts/lib/console-server.mjs) with its fast route for the long-poll
 * (server/http/fast-routes.ts), on loopback. `--server=routes` serves the handler through
 * test/support/serve-routes.ts instead (a Request and Response per call, as Next.js builds them). The SDK clients run in child processes, none in this one
 * (test/support/sdk-fanout.ts): createConfigClient over HTTP, one long-poll socket each. Once
 * every client holds the first release and is waiting again, releases are published one after
 * another (each once the previous one reached every client and every client waits again).
 * Releases go to the center directly (the demo's article document with a new version value):
 * what comes before the center accepts one (approval, verification, the outbox) is not timed.
 *
 *   latency = from the center accepting a release (it tells its first watcher, wall clock) to each
 *             client's onChange with it (wall clock in the client's process: processes on one
 *             machine share it; read as performance.timeOrigin + performance.now())
 *   lost    = a client-release never called back, called back twice, or after a later one
 *
 *   npx tsx bench/config-center-fanout.ts [--clients=10000] [--processes=4] [--releases=5] [--server=console|routes]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import { openDatabase, type Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { issueToken } from "@/server/tokens/issue-token";
import { releasedDocument } from "@/sdk/src/test-documents";
import { checkDeliveries, startSdkFanout } from "@/test/support/sdk-fanout";
import { serveRoutes } from "@/test/support/serve-routes";
import { createConsoleServer } from "@/scripts/lib/console-server.mjs";
import { configLongPollRoute, installFastRoute } from "@/server/http/fast-routes";
import { parkedLongPolls } from "@/server/http/parked-long-polls";
import { startCpuProfile } from "@/test/support/cpu-profile-window";
import { mergeResults, splitSections } from "./lib/results-file";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
const CLIENTS = Number(arg("clients") ?? 10_000);
const PROCESSES = Number(arg("processes") ?? 4);
const RELEASES = Number(arg("releases") ?? 5);
const SERVER = arg("server") ?? "console";
const APP = "bench-fanout";
const KEY = "bench_vec";
const now = () => performance.timeOrigin + performance.now();
const T0 = now();
const step = (what: string) => process.env.FANOUT_DEBUG && console.error(`[${((now() - T0) / 1000).toFixed(1)} s] ${what}`);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const lines: string[] = [];
const out = (line = "") => {
  console.log(line);
  lines.push(line);
};

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

function softFileLimit(): string {
  try {
    return execFileSync("/bin/sh", ["-c", 'printf "%s/%s" "$(ulimit -n)" "$(ulimit -Hn)"']).toString();
  } catch {
    return "?";
  }
}

/** Our own server as `npm start` runs it, with the fast route instrumentation.ts installs; nothing else behind it. */
async function serveConsole(): Promise<{ url: string; close(): Promise<void> }> {
  installFastRoute(configLongPollRoute(configRoute.GET));
  const server = createConsoleServer((_req, res) => void res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4_096 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function main() {
  const startedLoad = os.loadavg()[0]!;
  const database: Database = await openDatabase({});
  const db = database.db;
  (globalThis as { __scoringDb?: Promise<Database> }).__scoringDb = Promise.resolve(database);

  const center = createBuiltinConfigCenter({ db });
  // Counts the long-polls parked (our own server parks them itself: parked-long-polls.ts; behind
  // the adapter each holds a watch of the center), and stamps when the center accepted each release.
  let watching = 0;
  const waiting = () => (SERVER === "routes" ? watching : parkedLongPolls());
  const acceptedAt = new Map<string, number>();
  const timed: ConfigCenter = {
    ...center,
    kind: center.kind,
    async publish(input) {
      const result = await center.publish(input);
      const version = input.versions[KEY] ?? "";
      if (!acceptedAt.has(version)) acceptedAt.set(version, now());
      return result;
    },
    watch(app, fromRevision, listener) {
      watching++;
      // The center tells its watchers as it commits a release, before publish() returns: the
      // first of them stamps the release accepted (our server may have written answers by the
      // time publish() returns).
      const stop = center.watch(app, fromRevision, (config) => {
        const version = config.versions[KEY] ?? "";
        if (!acceptedAt.has(version)) acceptedAt.set(version, now());
        listener(config);
      });
      let stopped = false;
      return () => {
        if (!stopped) watching--;
        stopped = true;
        stop();
      };
    },
  };
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center: timed, location: "builtin" });
  const token = (await issueToken(db, { actor: SYSTEM, input: { name: `bench-${randomUUID()}`, scopes: ["config:read"] } })).secret;
  const served =
    SERVER === "routes"
      ? await serveRoutes([{ method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET }], {
          backlog: 4_096,
          // As `npm start` serves the console: a client's next long-poll may come seconds after its
          // answer when its process is busy; a closed connection would cost it an error and a retry.
          keepAliveTimeoutMs: 65_000,
        })
      : await serveConsole();
  const document = releasedDocument("favpush_lr_v1");
  const publish = (version: string) => timed.publish({ app: APP, releaseId: randomUUID(), document, versions: { [KEY]: version } });
  await publish("0");
  step("initial release accepted");

  const setupStarted = now();
  const fanout = startSdkFanout({ url: served.url, token, app: APP, versionKey: KEY, clients: CLIENTS, processes: PROCESSES });
  try {
    await fanout.ready;
    step("clients ready");
    if (!(await waitFor(() => waiting() >= CLIENTS, 60_000))) throw new Error(`Only ${waiting()} of ${CLIENTS} clients are long-polling`);
    const setupMs = now() - setupStarted;

    // FANOUT_CPU_PROF=<dir>: this process and every client process write a V8 CPU profile of the releases there.
    const profile = process.env.FANOUT_CPU_PROF ? await startCpuProfile(process.env.FANOUT_CPU_PROF, "fanout-console") : null;
    const releases: string[] = [];
    const repark: number[] = [];
    /** CPU time of this process and of all the client processes, per release (accepted to every client waiting again). */
    const cpu: Array<{ console: number; clients: number }> = [];
    /** Per release, the longest the console's event loop was held (what any other request would have waited at most). */
    const loopDelay: number[] = [];
    const cpuMs = () => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1000;
    };
    for (let k = 1; k <= RELEASES; k++) {
      const version = String(k);
      releases.push(version);
      const consoleBefore = cpuMs();
      const clientsBefore = k === 1 ? null : fanout.cpuWhenHeld.get(String(k - 1))!;
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      await publish(version);
      step(`release ${version} requested`);
      const reached = await fanout.allHold(version, 30_000);
      step(`release ${version} reached all`);
      if (!reached) console.error(`release ${version} did not reach every client within 30 s`);
      const allAt = now();
      // The next release goes out once every client waits again (re-polled after its callback).
      await waitFor(() => waiting() >= CLIENTS, 30_000);
      repark.push(now() - allAt);
      delay.disable();
      loopDelay.push(delay.max / 1e6);
      const clientsAfter = fanout.cpuWhenHeld.get(version)!;
      cpu.push({
        console: cpuMs() - consoleBefore,
        clients: clientsBefore ? clientsAfter.reduce((sum, x, i) => sum + x - clientsBefore[i]!, 0) : NaN,
      });
    }

    if (profile) step(`console profile: ${await profile.stop()}`);
    const report = await fanout.report();
    const check = checkDeliveries(report.versions, releases);
    const perRelease = releases.map((version) => {
      const accepted = acceptedAt.get(version)!;
      const latencies: number[] = [];
      report.versions.forEach((seen, client) => {
        const i = seen.indexOf(version);
        if (i >= 0) latencies.push(report.at[client]![i]! - accepted);
      });
      return latencies.sort((a, b) => a - b);
    });
    const all = perRelease.flat().sort((a, b) => a - b);

    // Runs other than the default (4 processes, our own server) keep sections of their own.
    const variant = [PROCESSES !== 4 ? `in ${PROCESSES} processes` : "", SERVER !== "console" ? `--server=${SERVER}` : ""].filter(Boolean).join(", ");
    out(`## ${CLIENTS.toLocaleString("en")} clients${variant ? ` ${variant}` : ""}`);
    out();
    out(
      `${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "?"}), Node ${process.version}, load average ${startedLoad.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end; open files (soft/hard) ${softFileLimit()}.`,
    );
    out();
    out(
      `${CLIENTS.toLocaleString("en")} SDK clients (createConfigClient over HTTP, one long-poll socket each) in ${PROCESSES} child processes follow one app of a console in this process (PGlite, the built-in center, the real route handler ${SERVER === "routes" ? "behind a plain Request/Response adapter (test/support/serve-routes.ts)" : "on our own HTTP server's fast route, as npm start serves it"}, on loopback). ${RELEASES} releases one after another, each once the previous one reached every client and all ${CLIENTS.toLocaleString("en")} long-polls were parked again; set-up (clients connected and waiting) took ${(setupMs / 1000).toFixed(1)} s. Targets: p99 under 1 s, last under 2 s, nothing lost.`,
    );
    out();
    out("| release | center accepted -> callback p50 ms | p99 ms | first ms | last ms | callbacks | all waiting again after ms | CPU ms console | CPU ms clients | console loop held max ms |");
    out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    perRelease.forEach((xs, i) => {
      out(
        `| ${releases[i]} | ${ms(percentile(xs, 50))} | ${ms(percentile(xs, 99))} | ${ms(xs[0] ?? NaN)} | ${ms(xs.at(-1) ?? NaN)} | ${xs.length} | ${ms(repark[i]!)} | ${cpu[i]!.console.toFixed(0)} | ${Number.isNaN(cpu[i]!.clients) ? "" : cpu[i]!.clients.toFixed(0)} | ${ms(loopDelay[i]!)} |`,
      );
    });
    out(`| all | ${ms(percentile(all, 50))} | ${ms(percentile(all, 99))} | ${ms(all[0] ?? NaN)} | ${ms(all.at(-1) ?? NaN)} | ${all.length} | | | | |`);
    out();
    out(
      `Lost: ${check.lost} client-releases never called back, ${check.duplicates} called back twice, ${check.outOfOrder} out of order, ${check.unexpected} unexpected (${check.clientsWrong} clients of ${CLIENTS} wrong). SDK errors reported: ${report.errorCount}${report.errors.length ? ` (first: ${report.errors.slice(0, 3).join(" | ")})` : ""}.`,
    );
  } finally {
    await fanout.close();
    await served.close();
    await center.close();
    await database.close();
  }

  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "config-center-fanout.md");
  let previous: string | null = null;
  try {
    previous = readFileSync(file, "utf8");
  } catch {
    previous = null;
  }
  const heading = lines[0]!.slice(3);
  const order = [...new Set(["5,000 clients", "10,000 clients", ...(previous ? splitSections(previous).keys() : []), heading])];
  writeFileSync(file, mergeResults(previous, ["# Config center fan-out: one release to many SDK clients", ""], order, [{ heading, lines: lines.slice(1) }]));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
