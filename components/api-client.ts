import type { z } from "zod";
import type { EndpointSpec } from "@/server/contracts/api/endpoint";

/**
 * The browser's one way to the REST API: `call(api.x, { params, query, body, signal })`.
 * Method and path come from the endpoint spec in server/contracts/api, so a call site names
 * the endpoint, never a path, and every type is read off the spec's zod schemas:
 *
 * - params, query and body are what the server *parses*: `z.input` of their schemas (a field
 *   with a default may be left out). Query values the server coerces (`z.coerce.number()`,
 *   whose input is `unknown`) are typed by what they become.
 * - the answer is `z.output` of the response schema. The wire is the JSON of what the handler
 *   returned, and in the Vitest route tests `handle` checks that this JSON already *is* a
 *   parsed value (it parses, and parsing fills in or changes nothing), so input and output agree
 *   on the wire and the output type, the one the domain types are derived from, is the honest one.
 * - 204, or a spec without a response schema: `void`.
 *
 * Client-safe: imports only server/contracts.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Field path -> message, from a 400's `details.issues`. */
  fieldErrors(): Record<string, string> {
    const issues = (this.details as { issues?: { path: string; message: string }[] } | null)?.issues ?? [];
    return Object.fromEntries(issues.map((i) => [i.path, i.message]));
  }
}

type Schema<S extends EndpointSpec, K extends "params" | "query" | "body"> = S[K] extends z.ZodType ? S[K] : never;

/** Keys and optionality as the server's parser accepts them; a coerced value typed as what it becomes. */
type Parsed<T extends z.ZodType> = {
  [K in keyof z.input<T>]: unknown extends z.input<T>[K] ? (K extends keyof z.output<T> ? z.output<T>[K] : never) : z.input<T>[K];
};

export type ApiParams<S extends EndpointSpec> = z.input<Schema<S, "params">>;
export type ApiQuery<S extends EndpointSpec> = Parsed<Schema<S, "query">>;
export type ApiBody<S extends EndpointSpec> = z.input<Schema<S, "body">>;
export type ApiResponse<S extends EndpointSpec> = S["status"] extends 204 ? void : S["response"] extends z.ZodType ? z.output<S["response"]> : void;

type ParamsPart<S extends EndpointSpec> = S["params"] extends z.ZodType ? { params: ApiParams<S> } : { params?: never };
type QueryPart<S extends EndpointSpec> = S["query"] extends z.ZodType
  ? object extends ApiQuery<S>
    ? { query?: ApiQuery<S> }
    : { query: ApiQuery<S> }
  : { query?: never };
type BodyPart<S extends EndpointSpec> = S["body"] extends z.ZodType ? { body: ApiBody<S> } : { body?: never };

export type CallOptions<S extends EndpointSpec> = ParamsPart<S> & QueryPart<S> & BodyPart<S> & { signal?: AbortSignal };
type CallArgs<S extends EndpointSpec> = object extends CallOptions<S> ? [options?: CallOptions<S>] : [options: CallOptions<S>];

/**
 * The URL of an endpoint: `{param}` segments filled (URI-encoded), the query appended (absent
 * values left out). For the few places that hand the URL to the browser instead of fetching
 * it as JSON: download links (model.conf, the solutions export) and the streamed rows load.
 */
export function apiUrl<S extends EndpointSpec>(spec: S, options?: { params?: ApiParams<S>; query?: ApiQuery<S> }): string {
  const params = (options?.params ?? {}) as Record<string, unknown>;
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) throw new Error(`${spec.method} ${spec.path}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((options?.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Calls one endpoint with JSON in and JSON out; any answer but 2xx is thrown as an ApiError. */
export async function call<S extends EndpointSpec>(spec: S, ...[options]: CallArgs<S>): Promise<ApiResponse<S>> {
  const opts = (options ?? {}) as { params?: ApiParams<S>; query?: ApiQuery<S>; body?: unknown; signal?: AbortSignal };
  const url = apiUrl(spec, opts);
  let res: Response;
  try {
    res = await fetch(url, {
      method: spec.method,
      headers: opts.body !== undefined ? { "content-type": "application/json" } : undefined,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
      credentials: "same-origin",
    });
  } catch {
    throw networkError();
  }
  const text = await res.text();
  const data = text ? safeJson(text) : null;
  if (!res.ok) throw apiErrorOf(res.status, data, spec.path);
  return (spec.status === 204 || !spec.response ? undefined : data) as ApiResponse<S>;
}

export function networkError(): ApiError {
  return new ApiError(0, "network", "The console did not answer. Check your connection and try again.", null);
}

/**
 * The ApiError for a non-2xx answer (`{ error: { code, message, details } }`). A 401 anywhere
 * but sign-in sends the browser to the sign-in page, coming back here afterwards.
 */
export function apiErrorOf(status: number, data: unknown, path: string): ApiError {
  const err = (data as { error?: { code: string; message: string; details: unknown } } | null)?.error;
  if (status === 401 && typeof window !== "undefined" && !path.endsWith("/auth/sign-in")) {
    // A full page load, not a client navigation: an expired session drops every cached query.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  return new ApiError(status, err?.code ?? "http_error", err?.message ?? `The server answered ${status}.`, err?.details ?? null);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
