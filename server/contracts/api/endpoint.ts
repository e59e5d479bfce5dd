import type { z } from "zod";
import { BODY_LIMITS } from "../limits";
import type { Capability, TokenScope } from "../roles";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One REST endpoint, described once: the route handler enforces it, the OpenAPI document
 * is generated from it, and the route x role test walks it.
 */
export interface EndpointSpec {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. /api/v1/apps/{app} */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it with a session: nobody needs to be signed in, any signed-in person, or a capability. */
  access: "public" | "signed_in" | Capability;
  /** Machine tokens holding one of these scopes may call it too. */
  scopes?: readonly TokenScope[];
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * A cheaper parse of the body for the common case: it answers exactly what `body` would (its
   * output), or undefined to let `body` (and the unstorable-text check) decide. For bodies whose
   * volume makes zod's cost count (telemetry reports).
   */
  fastBody?: (value: unknown) => unknown;
  response?: z.ZodType;
  status?: 200 | 201 | 202 | 204;
  /**
   * Other success statuses the handler may answer instead (as a Response it shapes), with a
   * body the same `response` schema accepts: e.g. a save that waits for review answers 202.
   */
  otherStatuses?: readonly (200 | 201 | 202)[];
  /**
   * Most bytes the request body may have (413 past it, before anything is parsed). Default:
   * BODY_LIMITS.anonymous for public routes, BODY_LIMITS.json for the others; uploads say more.
   */
  maxBodyBytes?: number;
}

/** The body limit an endpoint enforces (forms show it). */
export function bodyLimitOf(spec: Pick<EndpointSpec, "access" | "maxBodyBytes">): number {
  return spec.maxBodyBytes ?? (spec.access === "public" ? BODY_LIMITS.anonymous : BODY_LIMITS.json);
}

export function endpoint<const S extends EndpointSpec>(spec: S): S {
  return spec;
}
