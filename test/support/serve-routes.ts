import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { RouteHandler } from "./call-route";

export interface ServedRoute {
  /** Express-like pattern, e.g. /api/config/v1/apps/:app */
  pattern: string;
  method: string;
  handler: RouteHandler;
}

/**
 * Serves route handlers over real HTTP on a loopback port, the way Next.js calls them, so a
 * client in another process (the SDK) talks to the same handler code without a Next build.
 * Closing the request aborts `req.signal` like Next.js does; a request body is passed on as
 * the stream it arrives as (nothing buffered), like Next.js passes it.
 */
export interface ServedRoutes {
  url: string;
  port: number;
  /**
   * Refusing: every open connection is cut, and every request after it unanswered ("other side
   * closed"), like a console that is down, while the port stays held. Closing the server and
   * listening again on its port instead races every other process on the machine for the port.
   */
  refuseConnections(refuse: boolean): void;
  close(): Promise<void>;
}

export async function serveRoutes(
  routes: ServedRoute[],
  options: {
    port?: number;
    /** Connections the kernel queues before the server accepts them (Node's default 511; capped by net.core.somaxconn). */
    backlog?: number;
    /** How long an idle keep-alive connection stays open (Node's default 5 s). */
    keepAliveTimeoutMs?: number;
  } = {},
): Promise<ServedRoutes> {
  const compiled = routes.map((route) => ({
    ...route,
    regex: new RegExp(`^${route.pattern.replace(/:(\w+)/g, (_m, name: string) => `(?<${name}>[^/]+)`)}$`),
  }));
  let refusing = false;
  const server = http.createServer(async (req, res) => {
    // Cut once the request is in: a socket destroyed as it connects leaves fetch (undici)
    // waiting until its own timeout instead of failing.
    if (refusing) return void req.socket.destroy();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = compiled.find((r) => r.method === req.method && r.regex.test(url.pathname));
    if (!route) return void res.writeHead(404).end();
    const params = Object.fromEntries(Object.entries(url.pathname.match(route.regex)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    const aborted = new AbortController();
    // Only a client that goes away before its answer is complete aborts the request.
    res.on("close", () => {
      if (!res.writableFinished) aborted.abort();
    });
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(new URL(req.url ?? "/", `http://${req.headers.host}`), {
      method: req.method,
      headers,
      signal: aborted.signal,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    } as RequestInit);
    try {
      const response = await route.handler(request, { params: Promise.resolve(params) });
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen({ port: options.port ?? 0, host: "127.0.0.1", backlog: options.backlog }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    refuseConnections(refuse) {
      refusing = refuse;
      if (refuse) server.closeAllConnections();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
