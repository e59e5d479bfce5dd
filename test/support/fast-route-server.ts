import type { AddressInfo } from "node:net";
import { createConsoleServer } from "@/scripts/lib/console-server.mjs";
import { FAST_ROUTE_KEY, installFastRoute, type FastRoute } from "@/server/http/fast-routes";

export interface FastRouteServer {
  port: number;
  url: string;
  /** Closes every connection and the server, and takes the fast route out again. */
  close(): Promise<void>;
}

/**
 * Our HTTP server (scripts/lib/console-server.mjs) on a loopback port with `route` installed as
 * `npm start` installs it; anything the route leaves goes to a stand-in for Next.js that answers
 * `fallbackStatus` with the text "next", so a test sees which of the two answered.
 */
export async function startFastRouteServer(route: FastRoute, fallbackStatus = 299): Promise<FastRouteServer> {
  installFastRoute(route);
  const server = createConsoleServer((_req, res) => void res.writeHead(fallbackStatus, { "content-type": "text/plain" }).end("next"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      delete (globalThis as Record<string, unknown>)[FAST_ROUTE_KEY];
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
