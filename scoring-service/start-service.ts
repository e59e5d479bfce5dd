import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkHealth } from "./health";
import { ServiceMetrics } from "./metrics";
import type { ServiceOptions } from "./options";
import { startReporting } from "./reporting";
import { handleScore } from "./score-handler";
import { sendJson } from "./send-json";
import { wireRuntime } from "./wire-runtime";

/** How long a stop waits for the last telemetry report and the feature log's queue. */
const REPORTING_STOP_MS = 5_000;

export interface RunningService {
  url: string;
  /** Stops taking requests, answers those in flight, then closes everything; false when the drain timed out. */
  stop(): Promise<boolean>;
}

/**
 * The scoring service: POST /score, GET /healthz, GET /metrics on node:http. It holds no state of
 * its own but the release in memory (and the config client's cache file): several run side by
 * side behind a load balancer.
 */
export async function startScoringService(options: ServiceOptions, log: (line: string) => void = console.log): Promise<RunningService> {
  const metrics = new ServiceMetrics(options.app);
  const reporting = startReporting(options, log);
  let wired;
  try {
    wired = await wireRuntime(options, { onConsoleUnanswered: (path) => metrics.consoleDidNotAnswer(path), runtime: reporting.hooks });
  } catch (e) {
    await reporting.stop(0);
    throw e;
  }
  const held = wired.config.getConfig(options.app);
  metrics.setRelease(held?.revision ?? null);
  log(held ? `${options.app}: release ${held.releaseId} (revision ${held.revision})` : `${options.app}: no release yet`);
  wired.config.onChange((release) => {
    if (release.app !== options.app) return;
    metrics.setRelease(release.revision);
    log(`${options.app}: release ${release.releaseId} (revision ${release.revision}) applied; requests from now on score under it`);
  });

  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const scoreDeps = { app: options.app, runtime: wired.runtime, snapshots: wired.snapshots, metrics, maxBodyBytes: options.maxBodyBytes };
  const healthDeps = { app: options.app, snapshots: wired.snapshots, instances: wired.instances, draining: () => draining };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path === "/score") {
      if (req.method !== "POST") return methodNotAllowed(res, "POST");
      return handleScore(scoreDeps, req, res);
    }
    if (path === "/healthz") {
      if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res, "GET");
      const health = await checkHealth(healthDeps);
      return sendJson(res, health.ready ? 200 : 503, health);
    }
    if (path === "/metrics") {
      if (req.method !== "GET") return methodNotAllowed(res, "GET");
      const text = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      return void res.end(text);
    }
    sendJson(res, 404, { error: { code: "not_found", message: `no ${path} here: POST /score, GET /healthz, GET /metrics`, details: null } });
  };

  const server = http.createServer((req, res) => {
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
    // A request that arrives on a kept-alive connection while draining is still answered, then its connection closed.
    if (draining) res.setHeader("connection", "close");
    route(req, res).catch((e: unknown) => {
      console.error(`[scoring-service] ${req.method} ${req.url} failed`, e);
      if (!res.headersSent) sendJson(res, 500, { error: { code: "internal", message: "the service failed to answer", details: null } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;

  let stopping: Promise<boolean> | null = null;
  return {
    url: `http://${host}:${port}`,
    stop() {
      stopping ??= (async () => {
        draining = true;
        // Requests in flight get their answer with `connection: close`; idle kept-alive connections close now (server.close).
        for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), options.drainTimeoutMs);
        });
        const drained = await Promise.race([closed.then(() => true), timedOut]);
        clearTimeout(timer);
        if (!drained) server.closeAllConnections();
        // The last minute's telemetry and the feature log's queue, bounded: then the exit.
        await reporting.stop(REPORTING_STOP_MS);
        await wired.close();
        return drained;
      })();
      return stopping;
    },
  };
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader("allow", allow);
  sendJson(res, 405, { error: { code: "method_not_allowed", message: `use ${allow}`, details: null } });
}
