import { backoffDelay, pause } from "./backoff";
import type { ConfigSource, SourceSettings } from "./config-source";
import { asError, ConfigClientError, type PublishedConfig } from "./core/published/types";
import { releaseOfBody } from "./release-of-body";
import { createNodeHttpTransport } from "./plain-http/node-http-transport";
import { createPlainHttpTransport, type Answer } from "./plain-http/plain-http-transport";

export interface HttpSourceOptions {
  url: string;
  token: string;
  waitSeconds: number;
}

/** Extra time over the long-poll wait before a request counts as lost. */
const GRACE_MS = 15_000;
/** A release document is kilobytes; an answer past this is not one. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Client side of the console's built-in center (protocol in sdk/README.md):
 * GET {url}/api/config/v1/apps/{app}[?revision=N&wait=30s] with a bearer token;
 * 200 a release newer than N, 304 nothing newer within the wait, 404 never published.
 *
 * Not fetch: a service may run many clients and a release wakes them all at once. Plain http://
 * goes over kept-alive sockets with a small parser of its own (plain-http/plain-http-transport.ts),
 * https:// through node:https with a keep-alive agent; each client re-polls on the socket it
 * has. A release's body is parsed once per process (release-of-body.ts).
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
  const basePath = target.pathname.replace(/\/+$/, "");
  // The token goes into a header line: a line break in it would end the header.
  if (/[\r\n\0]/.test(options.token)) throw new ConfigClientError("unauthorized", "The token holds a line break or NUL");
  const transport = secure
    ? createNodeHttpTransport({
        secure,
        // An IPv6 literal comes bracketed in a URL, bare in a socket address.
        hostname: target.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: target.port,
        headers: { authorization: `Bearer ${options.token}`, accept: "application/json" },
        maxBodyBytes: MAX_BODY_BYTES,
      })
    : createPlainHttpTransport({
        host: target.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: Number(target.port || 80),
        hostHeader: target.host,
        headers: [`Authorization: Bearer ${options.token}`, "Accept: application/json"],
        maxBodyBytes: MAX_BODY_BYTES,
      });
  const closing = new AbortController();
  /** Per app, the path of its long-poll (made once, not per request). */
  const paths = new Map<string, string>();
  const pathOf = (app: string): string => {
    let path = paths.get(app);
    if (path === undefined) paths.set(app, (path = `${basePath}/api/config/v1/apps/${encodeURIComponent(app)}`));
    return path;
  };

  const request = async (app: string, revision?: number): Promise<PublishedConfig | null | "unchanged"> => {
    const query = revision === undefined ? "" : `?revision=${revision}&wait=${options.waitSeconds}s`;
    const timeoutMs = (revision === undefined ? 0 : options.waitSeconds * 1000) + GRACE_MS;
    let answer: Answer;
    try {
      if (closing.signal.aborted) throw new Error("the client is closed");
      answer = await transport.get(pathOf(app) + query, timeoutMs);
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
              // Clients in one process are woken together by a release: every answer already
              // here is taken (and its callback told) before any of them asks again.
              await new Promise<void>((resolve) => setImmediate(resolve));
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
      transport.close();
    },
  };
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
