import type { IncomingMessage, ServerResponse } from "node:http";
import { errorResponse } from "./error-response";
import { API_HEADERS } from "./node-answer";
import { nodeBodyOf } from "./node-body";
import { isParked } from "./parked-long-polls";
import { markServedByOwnServer, sharedBodyOf } from "./shared-body";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Only used to parse the path and query: the Host header names nothing here. */
const BASE = "http://console.internal";

/**
 * Runs a route handler (the same function Next.js runs: handle(), its authentication,
 * authorisation, body limit and parsing) straight from our own HTTP server, for the routes whose
 * volume makes the cost per request count (fast-routes.ts). The client going away aborts
 * `req.signal` as Next.js does; a body shared across answers (sharedBodyOf) is written as it is;
 * a config long-poll with nothing to answer yet is held by parked-long-polls.ts, which answers it.
 * An answer given before the request's body was read to its end (a 413 among others) closes the
 * connection after it, so no rest of an oversized body is read to keep the connection.
 */
export async function serveRouteOverNode(handler: RouteHandler, params: Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: Response;
  try {
    response = await handler(requestOf(req, res), { params: Promise.resolve(params) });
  } catch (error) {
    response = errorResponse(error);
  }
  if (res.destroyed || isParked(response)) return;
  const shared = sharedBodyOf(response);
  const body = shared ?? (response.body ? Buffer.from(await response.arrayBuffer()) : null);
  const head = [...API_HEADERS];
  response.headers.forEach((value, key) => head.push(key, value));
  if (!req.complete) head.push("Connection", "close");
  res.writeHead(response.status, head);
  res.end(body);
}

/**
 * The Request as handle() and a route read it (method, url, headers.get/has, signal, body as
 * read-body.ts reads it), over Node's request. A web Request per call (its Headers, its own
 * abort signal following ours, its body stream, their garbage) was among the largest items of the console's CPU profile in
 * bench/config-center-fanout.ts; test/api/config-long-poll-fast-route.db.test.ts and
 * telemetry-ingest-fast-route.db.test.ts hold every answer to the one the route gives Next.js.
 * The abort signal (and its listener on the response) is made only when asked for: by a
 * long-poll the route holds itself; one parked by parked-long-polls.ts needs none.
 */
function requestOf(req: IncomingMessage, res: ServerResponse): Request {
  let gone: AbortController | undefined;
  const header = (name: string): string | null => {
    const value = req.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  const view: Pick<Request, "method" | "url" | "signal"> & { headers: Pick<Headers, "get" | "has">; body: Pick<ReadableStream<Uint8Array>, "getReader"> | null } = {
    method: req.method ?? "GET",
    url: BASE + (req.url ?? "/"),
    headers: { get: header, has: (name) => header(name) !== null },
    body: hasBody && req.method !== "GET" && req.method !== "HEAD" ? nodeBodyOf(req) : null,
    get signal() {
      if (!gone) {
        const controller = (gone = new AbortController());
        if (res.closed && !res.writableFinished) controller.abort();
        else res.once("close", () => void (res.writableFinished || controller.abort()));
      }
      return gone.signal;
    },
  };
  markServedByOwnServer(view as Request, res);
  return view as Request;
}
