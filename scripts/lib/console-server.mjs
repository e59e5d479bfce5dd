// The console's own HTTP server in front of Next.js (used by `npm start` and the end-to-end
// server): the one place that sees the socket. It drops any client-sent copy of the client-ip
// header and sets it to the socket's peer address, so route handlers learn who is calling
// (server/http/client-ip.ts decides whether to believe X-Forwarded-For on top of it).
// Bodies and responses pass through as streams: nothing here buffers an upload or holds a
// long-poll answer back.
import http from "node:http";

/** Keep equal to CLIENT_IP_HEADER in server/http/client-ip.ts. */
export const CLIENT_IP_HEADER = "x-scoring-client-ip";

/** Replaces whatever the client sent under the header by the socket's peer address. */
export function stampClientIp(req) {
  delete req.headers[CLIENT_IP_HEADER];
  const raw = req.rawHeaders;
  const kept = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() !== CLIENT_IP_HEADER) kept.push(raw[i], raw[i + 1]);
  const peer = req.socket.remoteAddress ?? "";
  req.headers[CLIENT_IP_HEADER] = peer;
  kept.push(CLIENT_IP_HEADER, peer);
  // Replaced too, so no reader of the raw list sees the client's copy.
  req.rawHeaders = kept;
}

/**
 * Where instrumentation.ts leaves a route served without Next.js (server/http/fast-routes.ts:
 * the config long-poll, through the route's own handler). Keep equal to FAST_ROUTE_KEY there.
 */
export const FAST_ROUTE_KEY = "__scoringFastRoute";

/**
 * Where the console's code leaves what must run before the process exits (a Set of functions
 * returning promises: the telemetry queue writes what it holds). Keep equal to BEFORE_EXIT_KEY
 * in server/telemetry/queue-report.ts.
 */
export const BEFORE_EXIT_KEY = "__scoringBeforeExit";

/** Runs what the console asked to run before exiting; never rejects. */
export function runBeforeExit() {
  const hooks = globalThis[BEFORE_EXIT_KEY];
  return Promise.allSettled([...(hooks ?? [])].map((hook) => hook()));
}

/**
 * An HTTP server that stamps every request and hands it to the fast route when one is installed
 * and takes it, else to `handle(req, res)`.
 */
export function createConsoleServer(handle) {
  const server = http.createServer((req, res) => {
    stampClientIp(req);
    const fast = globalThis[FAST_ROUTE_KEY];
    if (typeof fast === "function" && fast(req, res)) return;
    Promise.resolve()
      .then(() => handle(req, res))
      .catch((err) => {
        console.error(`[console-server] failed to handle ${req.method} ${req.url}`, err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error");
      });
  });
  // Config API clients long-poll and ask again as soon as they have an answer, maybe seconds
  // later when their process is busy: idle connections stay open longer than Node's 5 s, so a
  // re-poll does not meet a connection closed under it.
  server.keepAliveTimeout = 65_000;
  return server;
}

/**
 * Prepares the production build in `dir` (no dev server, no HMR) and listens. NODE_ENV must be
 * "production" before Next.js (and React) are first loaded, so they are imported here, late.
 */
export async function startConsoleServer({ dir, hostname, port }) {
  process.env.NODE_ENV = "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  // Next.js adds its own upgrade listener to this server on the first request; the console
  // serves no WebSocket in production (no HMR), so upgrades need no client address.
  const server = createConsoleServer(app.getRequestHandler());
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return { server, app };
}
