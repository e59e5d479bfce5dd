import { describe, expect, it } from "vitest";
import { buildOpenApi } from "@/server/http/openapi";
import { discoverRoutes } from "./route-discovery";

describe("OpenAPI document", () => {
  const doc = buildOpenApi();
  it.each(discoverRoutes().map((r) => [`${r.method} ${r.path}`, r] as const))("describes %s", (_, r) => {
    const op = (doc.paths[r.path] as Record<string, { responses: object }> | undefined)?.[r.method.toLowerCase()];
    expect(op, `${r.method} ${r.path} is missing from /api/v1/openapi.json`).toBeDefined();
    expect(Object.keys(op!.responses)).toContain("400");
  });

  it("generates request schemas from the zod contracts", () => {
    const post = (doc.paths["/api/v1/apps"] as Record<string, { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } } }>).post!;
    expect(Object.keys(post.requestBody.content["application/json"].schema.properties)).toEqual(
      expect.arrayContaining(["name", "bucketCount", "hashKey", "originFields", "itemFields"]),
    );
  });

  it("describes batch scoring: `items` in the request, a batch's answer among the responses, and its body limit", () => {
    type Op = { "x-max-body-bytes": number; requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } }; responses: Record<string, unknown> };
    const post = (doc.paths["/api/v1/score"] as Record<string, Op>).post!;
    expect(Object.keys(post.requestBody.content["application/json"].schema.properties)).toContain("items");
    expect(JSON.stringify(post.responses["200"])).toContain('"predict"');
    expect(post["x-max-body-bytes"]).toBe(1024 * 1024);
  });
});
