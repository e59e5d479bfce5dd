/**
 * Calls a Next.js route handler function with a real Request, as Next.js would: the same
 * handler code, without a build. Path params are passed the way Next.js 16 passes them.
 */
export type RouteHandler = (req: Request, ctx: { params?: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  cookie?: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  origin?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  query?: Record<string, string>;
}

export async function callRoute(handler: RouteHandler, path: string, opts: CallOptions = {}) {
  const url = new URL(`http://console.test${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { host: "console.test", ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.origin) headers.origin = opts.origin;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const req = new Request(url, { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Record<string, unknown> & { error?: { code: string; message: string; details: unknown } }, headers: res.headers };
}
