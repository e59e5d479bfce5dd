import type { IncomingMessage, ServerResponse } from "node:http";
import { API_CSP, COMMON_SECURITY_HEADERS } from "./security-headers";
import { errorResponse } from "./error-response";
import { sharedBodyOf } from "./shared-body";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The headers next.config.ts gives every API answer, added here since Next.js is not in the way. */
const API_HEADERS: readonly string[] = [...COMMON_SECURITY_HEADERS.flatMap(({ key, value }) => [key, value]), "Content-Security-Policy", API_CSP];

/** Only used to parse the path and query: the Host header names nothing here. */
const BASE = "http://console.internal";

/**
 * Runs a GET route handler (the same function Next.js runs: handle(), its authentication,
 * authorisation and parsing) straight from our own HTTP server, for the one route whose volume
 * makes Next.js's routing per request count: the config long-poll, which thousands of SDK
 * clients re-poll the moment a release wakes them. The client going away aborts `req.signal`
 * as Next.js does; a body shared across answers (sharedBodyOf) is written as it is.
 */
export async function serveRouteOverNode(handler: RouteHandler, params: Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  let response: Response;
  try {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(key, value);
      else if (value) for (const item of value) headers.append(key, item);
    }
    response = await handler(new Request(new URL(req.url ?? "/", BASE), { method: "GET", headers, signal: gone.signal }), { params: Promise.resolve(params) });
  } catch (error) {
    response = errorResponse(error);
  }
  if (res.destroyed) return;
  const shared = sharedBodyOf(response);
  const body = shared ?? (response.body ? Buffer.from(await response.arrayBuffer()) : null);
  const head = [...API_HEADERS];
  response.headers.forEach((value, key) => head.push(key, value));
  res.writeHead(response.status, head);
  res.end(body);
}
