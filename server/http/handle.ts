import type { z } from "zod";
import { getDb, type Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { bodyLimitOf, type EndpointSpec } from "@/server/contracts/api";
import { env } from "@/server/env";
import { isAdmin } from "./is-admin";
import { HSTS } from "./security-headers";
import { AppError } from "@/server/errors";
import { authenticate, checkSameOrigin } from "./authenticate";
import { authorize } from "./authorize";
import { checkResponse } from "./check-response";
import { errorResponse, fromZodError, json } from "./error-response";
import { checkDeclaredLength, readBodyText } from "./read-body";
import { checkStorableText, type Where } from "./unstorable-text";

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type ActorOf<S extends EndpointSpec> = S["access"] extends "public" ? Actor | null : Actor;

export interface HandlerContext<S extends EndpointSpec> {
  req: Request;
  db: Db;
  actor: ActorOf<S>;
  params: Infer<S["params"]>;
  query: Infer<S["query"]>;
  body: Infer<S["body"]>;
}

/** What a handler may answer: what its response schema accepts, or a Response it shapes itself. */
type HandlerResult<S extends EndpointSpec> = Response | (S["response"] extends z.ZodType ? z.input<S["response"]> : S["status"] extends 204 ? void : unknown);

type RouteContext = { params?: Promise<Record<string, string | string[]>> };

/**
 * The one door of every REST route: refuse a body over the endpoint's limit, authenticate,
 * refuse cross-site writes, authorise, refuse text PostgreSQL cannot store or that is not
 * Unicode (unstorable-text.ts), parse params/query/body with the endpoint's zod schemas, run
 * the handler, shape the result or the error. Authorisation comes before parsing
 * so an anonymous caller learns nothing from validation messages; the body is read as a
 * stream and dropped (413) as soon as it passes the limit (read-body.ts), so no size of body
 * holds the console up. In Vitest (NODE_ENV "test") every answer is also checked
 * against the spec's response schema and status (check-response.ts).
 */
export function handle<S extends EndpointSpec>(
  spec: S,
  fn: (ctx: HandlerContext<S>) => Promise<HandlerResult<S>>,
): (req: Request, ctx: RouteContext) => Promise<Response> {
  const maxBodyBytes = bodyLimitOf(spec);
  return async (req, routeCtx) => withHsts(await run(req, routeCtx));
  async function run(req: Request, routeCtx: RouteContext): Promise<Response> {
    let result: unknown;
    let actor: Actor | null = null;
    try {
      checkDeclaredLength(req, maxBodyBytes);
      const db = await getDb();
      const auth = await authenticate(db, req);
      actor = auth.actor;
      checkSameOrigin(req, auth.via);
      authorize(spec, auth.actor);
      const params = spec.params ? parse(spec.params, (await routeCtx?.params) ?? {}, "path") : undefined;
      const query = spec.query ? parse(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query") : undefined;
      const body = spec.body ? parseBody(spec, await readJson(req, maxBodyBytes)) : undefined;
      result = await fn({ req, db, actor: auth.actor, params, query, body } as HandlerContext<S>);
    } catch (e) {
      return errorResponse(e, { admin: isAdmin(actor) });
    }
    // Outside the try: a mismatch must fail the test, not turn into a 500 the test may expect.
    if (process.env.NODE_ENV === "test") await checkResponse(spec, result);
    if (result instanceof Response) return result;
    return spec.status === 204 ? new Response(null, { status: 204 }) : json(result, spec.status ?? 200);
  }
}

/**
 * Behind HTTPS every API answer tells browsers to stay on it (pages get it from proxy.ts).
 * Exported for answers written after handle() returned (parked-long-polls.ts).
 */
export function withHsts(res: Response): Response {
  if (env().COOKIE_SECURE !== "1") return res;
  try {
    res.headers.set("Strict-Transport-Security", HSTS);
    return res;
  } catch {
    // Response.redirect() and the like have immutable headers: copy them.
    const copy = new Response(res.body, res);
    copy.headers.set("Strict-Transport-Security", HSTS);
    return copy;
  }
}

/** Refuses text the console cannot store (400 `invalid_text` naming the field) before the schema sees it. */
function parse<T extends z.ZodType>(schema: T, value: unknown, where: Where): z.output<T> {
  checkStorableText(value, where);
  const r = schema.safeParse(value);
  if (!r.success) throw fromZodError(r.error, where);
  return r.data;
}

/** The body through the endpoint's fast parse when it answers, else the schema (fastBody in endpoint.ts). */
function parseBody(spec: EndpointSpec, value: unknown): unknown {
  const fast = spec.fastBody?.(value);
  return fast !== undefined ? fast : parse(spec.body!, value, "body");
}

async function readJson(req: Request, maxBodyBytes: number): Promise<unknown> {
  const text = await readBodyText(req, maxBodyBytes);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `The request body is not valid JSON: ${(e as Error).message}`);
  }
}
