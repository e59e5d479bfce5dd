import http from "node:http";
import https from "node:https";
import type { Answer, PlainHttpTransport } from "./plain-http-transport";

export interface NodeHttpOptions {
  secure: boolean;
  hostname: string;
  port: string;
  headers: Record<string, string>;
  maxBodyBytes: number;
}

/** Errors of a kept-alive socket the server closed just as it was reused: asked again at once. */
const STALE_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE"]);

/**
 * GET through node:http(s) with a keep-alive agent: the config long-poll's transport for
 * https:// centers (TLS is node:https's; plain http:// has plain-http-transport.ts).
 */
export function createNodeHttpTransport(options: NodeHttpOptions): PlainHttpTransport {
  const transport = options.secure ? https : http;
  const protocol = options.secure ? "https:" : "http:";
  const agent = new transport.Agent({ keepAlive: true });
  const { hostname, port, headers, maxBodyBytes } = options;
  const inFlight = new Set<http.ClientRequest>();
  let closed = false;

  const get = (path: string, timeoutMs: number, fresh = false): Promise<Answer> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new Error("the client is closed"));
      let settled = false;
      let answered = false;
      const settle = (error: Error | null, answer?: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        inFlight.delete(req);
        if (error) reject(error);
        else resolve(answer!);
      };
      const req = transport.request({ protocol, hostname, port, path, method: "GET", headers, agent }, (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        res.on("error", (error) => settle(error));
        res.on("close", () => settle(new Error("the answer was cut off")));
        if (status !== 200) {
          res.on("end", () => settle(null, { status, body: null }));
          res.resume();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) req.destroy(new Error(`the answer is over ${maxBodyBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on("end", () => settle(null, { status, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (!answered && !fresh && req.reusedSocket && STALE_SOCKET_CODES.has(error.code ?? "") && !closed) {
          settled = true;
          clearTimeout(timer);
          inFlight.delete(req);
          get(path, timeoutMs, true).then(resolve, reject);
          return;
        }
        settle(error);
      });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      inFlight.add(req);
      req.end();
    });

  return {
    get,
    close() {
      closed = true;
      for (const req of [...inFlight]) req.destroy(new Error("the client is closed"));
      agent.destroy();
    },
  };
}
