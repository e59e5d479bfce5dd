import { backoffDelay, pause } from "./backoff";
import type { ConfigSource, SourceSettings } from "./config-source";
import { asError, ConfigClientError, type PublishedConfig } from "./core/published/types";

export interface HttpSourceOptions {
  url: string;
  token: string;
  waitSeconds: number;
}

/** Extra time over the long-poll wait before a request counts as lost. */
const GRACE_MS = 15_000;

/**
 * Client side of the console's built-in center (protocol in sdk/README.md):
 * GET {url}/api/config/v1/apps/{app}[?revision=N&wait=30s] with a bearer token;
 * 200 a release newer than N, 304 nothing newer within the wait, 404 never published.
 */
export function createHttpSource(options: HttpSourceOptions, settings: SourceSettings): ConfigSource {
  const base = options.url.replace(/\/+$/, "");
  const closing = new AbortController();

  const request = async (app: string, revision?: number): Promise<PublishedConfig | null | "unchanged"> => {
    const query = revision === undefined ? "" : `?revision=${revision}&wait=${options.waitSeconds}s`;
    const url = `${base}/api/config/v1/apps/${encodeURIComponent(app)}${query}`;
    const timeoutMs = (revision === undefined ? 0 : options.waitSeconds * 1000) + GRACE_MS;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${options.token}`, accept: "application/json" },
        signal: AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]),
      });
    } catch (error) {
      throw new ConfigClientError("unreachable", `Config center ${base} is unreachable: ${messageOf(error)}`, { cause: error });
    }
    if (response.status === 304) return "unchanged";
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403) {
      throw new ConfigClientError("unauthorized", `Config center ${base} refused the token for ${app} (HTTP ${response.status})`);
    }
    if (response.status !== 200) {
      throw new ConfigClientError("bad_response", `Config center ${base} answered HTTP ${response.status} for ${app}`);
    }
    return configOf(app, await response.json().catch(() => null));
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
    },
  };
}

function configOf(app: string, body: unknown): PublishedConfig {
  const value = body as Partial<PublishedConfig> | null;
  const versions = value?.versions;
  if (
    !value ||
    value.app !== app ||
    !Number.isSafeInteger(value.revision) ||
    typeof value.releaseId !== "string" ||
    typeof versions !== "object" ||
    versions === null ||
    !Object.values(versions).every((v) => typeof v === "string")
  ) {
    throw new ConfigClientError("bad_response", `The config center's answer for ${app} is not a release`);
  }
  return { app, revision: value.revision as number, releaseId: value.releaseId, document: value.document, versions };
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
