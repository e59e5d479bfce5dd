import { z } from "zod";
import { api, bodyLimitOf, type EndpointSpec } from "@/server/contracts/api";
import { ErrorBodySchema } from "@/server/contracts/common";

const ERROR_STATUSES: Record<string, string> = {
  "400": "Bad input (`bad_request`; `invalid_text` for U+0000 or a lone surrogate in any text); `details.issues` names the fields",
  "401": "Not signed in, or unknown token",
  "403": "Signed in, but not allowed (role, scope or cross-site)",
  "404": "Not found",
  "409": "Conflict with the current state (stale version, duplicate)",
  "413": "The request body is over the endpoint's limit (`x-max-body-bytes`; `details.limitBytes`)",
  "422": "A rule of the domain is broken (a count over its cap names it in `details.cap` and `details.limit`)",
};

function schema(s: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" });
}

function operation(spec: EndpointSpec) {
  const parameters = [
    ...Object.keys(spec.params?.shape ?? {}).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...(spec.query instanceof z.ZodObject
      ? Object.entries(spec.query.shape).map(([name, s]) => ({
          name,
          in: "query",
          required: !(s as z.ZodType).safeParse(undefined).success,
          schema: schema(s as z.ZodType, "input"),
        }))
      : []),
  ];
  const okStatus = String(spec.status ?? 200);
  return {
    summary: spec.summary,
    tags: [spec.tag],
    "x-access": spec.access,
    "x-max-body-bytes": bodyLimitOf(spec),
    ...(spec.scopes ? { "x-token-scopes": spec.scopes } : {}),
    security: spec.access === "public" ? [] : [{ session: [] }, ...(spec.scopes ? [{ token: [] }] : [])],
    parameters,
    ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(spec.body, "input") } } } } : {}),
    responses: {
      ...Object.fromEntries(
        [okStatus, ...(spec.otherStatuses ?? []).map(String)].map((status) => [
          status,
          {
            description: status === "202" ? "Accepted" : "OK",
            ...(spec.response ? { content: { "application/json": { schema: schema(spec.response, "output") } } } : {}),
          },
        ]),
      ),
      ...Object.fromEntries(
        Object.entries(ERROR_STATUSES).map(([status, description]) => [
          status,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers and forms use. */
export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of Object.values(api) as EndpointSpec[]) {
    paths[spec.path] ??= {};
    paths[spec.path]![spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Scoring Console API", version: "1" },
    components: {
      schemas: { Error: schema(ErrorBodySchema, "output") },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "sc_session" },
        token: { type: "http", scheme: "bearer" },
      },
    },
    paths,
  };
}
