import type { IncomingMessage, ServerResponse } from "node:http";
import { logError } from "@/server/log/loggable-error";
import { serveRouteOverNode } from "./node-route";
import { afterWakes } from "./parked-long-polls";

/** Takes the request (true) or leaves it to Next.js (false). */
export type FastRoute = (req: IncomingMessage, res: ServerResponse) => boolean;
type RouteHandler = Parameters<typeof serveRouteOverNode>[0];

/** Keep equal to FAST_ROUTE_KEY in scripts/lib/console-server.mjs, which looks it up per request. */
export const FAST_ROUTE_KEY = "__scoringFastRoute";

const CONFIG_PATH = /^\/api\/config\/v1\/apps\/([^/?#]+)(?:\?[^#]*)?$/;
const TELEMETRY_PATH = /^\/api\/v1\/telemetry(?:\?[^#]*)?$/;

/**
 * GET /api/config/v1/apps/{app} straight to its route handler (`handler`: the route's GET, so
 * authentication, scopes, parsing and the answer are the route's own code), without Next.js's
 * routing: thousands of SDK clients re-poll it the moment a release wakes them (they are served
 * once the wake is written: afterWakes in parked-long-polls.ts). Anything else,
 * a path segment that is not valid percent-encoding included, is left to Next.js.
 */
export function configLongPollRoute(handler: RouteHandler): FastRoute {
  return (req, res) => {
    if (req.method !== "GET") return false;
    const match = CONFIG_PATH.exec(req.url ?? "");
    if (!match) return false;
    let app: string;
    try {
      app = decodeURIComponent(match[1]!);
    } catch {
      return false;
    }
    afterWakes(() => serve("config long-poll", handler, { app }, req, res));
    return true;
  };
}

/**
 * POST /api/v1/telemetry straight to its route handler (the route's POST: the same token check,
 * body limit enforced while reading, parsing and errors), without Next.js's routing: every
 * scoring instance reports every few seconds, and Next.js's routing was about half of what a
 * report cost the console (README "Telemetry" → "Ingest speed"). Anything else goes to Next.js.
 */
export function telemetryIngestRoute(handler: RouteHandler): FastRoute {
  return (req, res) => {
    if (req.method !== "POST" || !TELEMETRY_PATH.test(req.url ?? "")) return false;
    serve("telemetry ingest", handler, {}, req, res);
    return true;
  };
}

function serve(what: string, handler: RouteHandler, params: Record<string, string>, req: IncomingMessage, res: ServerResponse): void {
  serveRouteOverNode(handler, params, req, res).catch((error: unknown) => {
    logError(`[fast-route] ${what}`, error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal Server Error");
  });
}

/** Makes our own HTTP server (scripts/lib/console-server.mjs) try `routes`, in order, before Next.js. */
export function installFastRoute(...routes: FastRoute[]): void {
  const route: FastRoute = (req, res) => routes.some((take) => take(req, res));
  (globalThis as Record<string, unknown>)[FAST_ROUTE_KEY] = route;
}
