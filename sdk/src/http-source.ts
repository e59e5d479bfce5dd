import http from "node:http";
import https from "node:https";
import { backoffDelay, pause } from "./backoff";
import type { ConfigSource, SourceSettings } from "./config-source";
import { asError, ConfigClientError, type PublishedConfig } from "./core/published/types";
import { releaseOfBody } from "./release-of-body";

export interface HttpSourceOptions {
  url: string;
  token: string;
  waitSeconds: number;
}

/** Extra time over the long-poll wait before a request counts as lost. */
const GRACE_MS = 15_000;
/** A release document is kilobytes; an answer past this is not one. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Errors of a kept-alive socket the server closed just as it was reused: asked again at once. */
const STALE_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE"]);

interface Answer {
  status: number;
  /** Only for a 200. */
  body: Buffer | null;
}

/**
 * Client side of the console's built-in center (protocol in sdk/README.md):
 * GET {url}/api/config/v1/apps/{app}[?revision=N&wait=30s] with a bearer token;
 * 200 a release newer than N, 304 nothing newer within the wait, 404 never published.
 *
 * node:http with a keep-alive agent rather than fetch: a service may run many clients and a
 * release wakes them all at once; a long-poll here costs a fraction of what fetch's streams,
 * Headers and abort signals cost per request, and each client re-polls on the socket it has.
 */
export function createHttpSource(options: HttpSourceOptions, settings: SourceSettings): ConfigSource {
  const base = options.url.replace(/\/+$/, "");
  let target: URL;
  try {
    target = new URL(base);
  } catch {
    throw new ConfigClientError("unreachable", `Config center ${base} is not a URL`);
  }
  const secure = target.protocol === "https:";
  if (!secure && target.protocol !== "http:") throw new ConfigClientError("unreachable", `Config center ${base} is not an http(s) URL`);
  const transport = secure ? https : http;
  const agent = new transport.Agent({ keepAlive: true });
  const basePath = target.pathname.replace(/\/+$/, "");
  // An IPv6 literal comes bracketed in a URL, bare in a socket address.
  const hostname = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const headers = { authorization: `Bearer ${options.token}`, accept: "application/json" };
  const closing = new AbortController();
  const inFlight = new Set<http.ClientRequest>();

  const get = (path: string, timeoutMs: number, fresh = false): Promise<Answer> =>
    new Promise((resolve, reject) => {
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
      const req = transport.request(
        { protocol: target.protocol, hostname, port: target.port, path: basePath + path, method: "GET", headers, agent },
        (res) => {
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
            if (size > MAX_BODY_BYTES) req.destroy(new Error(`the answer is over ${MAX_BODY_BYTES} bytes`));
            else chunks.push(chunk);
          });
          res.on("end", () => settle(null, { status, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (!answered && !fresh && req.reusedSocket && STALE_SOCKET_CODES.has(error.code ?? "") && !closing.signal.aborted) {
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

  const request = async (app: string, revision?: number): Promise<PublishedConfig | null | "unchanged"> => {
    const query = revision === undefined ? "" : `?revision=${revision}&wait=${options.waitSeconds}s`;
    const timeoutMs = (revision === undefined ? 0 : options.waitSeconds * 1000) + GRACE_MS;
    let answer: Answer;
    try {
      if (closing.signal.aborted) throw new Error("the client is closed");
      answer = await get(`/api/config/v1/apps/${encodeURIComponent(app)}${query}`, timeoutMs);
    } catch (error) {
      throw new ConfigClientError("unreachable", `Config center ${base} is unreachable: ${messageOf(error)}`, { cause: error });
    }
    const { status } = answer;
    if (status === 304) return "unchanged";
    if (status === 404) return null;
    if (status === 401 || status === 403) {
      throw new ConfigClientError("unauthorized", `Config center ${base} refused the token for ${app} (HTTP ${status})`);
    }
    if (status !== 200) {
      throw new ConfigClientError("bad_response", `Config center ${base} answered HTTP ${status} for ${app}`);
    }
    return releaseOfBody(app, answer.body!);
  };

  return {
    id: `http:${base}`,
    async fetch(app) {
      const answer = await request(app);
      return answer === "unchanged" ? null : answer;
    },
    follow(app, heldRevision, accept) {
      void (async () => {
        let failures = 0;
        // The newest revision answered, accepted or not: a release the client rejects (a bad
        // document) must not be fetched again and again.
        let answered = 0;
        while (!closing.signal.aborted) {
          try {
            const answer = await request(app, Math.max(heldRevision() ?? 0, answered));
            if (answer === null) {
              // Not published yet: nothing to long-poll on, so ask again after a while.
              await pause(settings.retry.maxMs, closing.signal);
            } else if (answer !== "unchanged") {
              answered = answer.revision;
              accept(answer);
            }
            failures = 0;
          } catch (error) {
            if (closing.signal.aborted) return;
            settings.onError(asError(error));
            await pause(backoffDelay(failures++, settings.retry.minMs, settings.retry.maxMs), closing.signal);
          }
        }
      })();
    },
    async close() {
      closing.abort();
      for (const req of [...inFlight]) req.destroy(new Error("the client is closed"));
      agent.destroy();
    },
  };
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
