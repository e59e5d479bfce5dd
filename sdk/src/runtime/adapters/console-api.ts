import { ScoringError } from "../scoring-error";

type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{ status: number; json(): Promise<unknown> }>;

export interface ConsoleApiOptions {
  /** The console's base URL, e.g. `https://console.example.com`. */
  url: string;
  /** An API token of the console with the scopes the adapters use: features:read, config:read. */
  token: string;
  /** Deadline of each call (default 2000 ms). */
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** The console's REST API as the runtime's adapters call it. */
export interface ConsoleApi {
  /** The answer's JSON, or null for a 404 when `missingIsNull`. */
  get<T>(path: string, opts?: { missingIsNull?: boolean }): Promise<T | null>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/**
 * A failing call is a ScoringError with the console's status, code and message (a 404 stays a 404,
 * so an unknown feature table is a configuration error of the request's solution); a console that
 * does not answer is a 502.
 */
export function createConsoleApi(opts: ConsoleApiOptions): ConsoleApi {
  const base = opts.url.replace(/\/+$/, "");
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const call = async <T>(method: string, path: string, body: unknown, missingIsNull: boolean): Promise<T | null> => {
    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 2000),
      });
    } catch (e) {
      throw new ScoringError("bad_gateway", `the console at ${base} did not answer ${method} ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (res.status === 404 && missingIsNull) return null;
    const json = (await res.json().catch(() => null)) as unknown;
    if (res.status >= 200 && res.status < 300) return json as T;
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const message = error?.message ?? `the console answered ${method} ${path} with ${res.status}`;
    // 401 and 403 are this service's configuration (its token), not the request's: a 502 naming the cause.
    if (res.status === 401 || res.status === 403) throw new ScoringError("bad_gateway", `the console refused the runtime's token: ${message}`);
    throw new ScoringError(error?.code ?? "bad_gateway", message, error?.details ?? null, res.status);
  };
  return {
    get: (path, o) => call("GET", path, undefined, o?.missingIsNull ?? false),
    post: async <T>(path: string, body: unknown) => (await call<T>("POST", path, body, false)) as T,
  };
}
