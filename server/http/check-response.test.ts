import { describe, expect, it } from "vitest";
import { z } from "zod";
import { endpoint } from "@/server/contracts/api/endpoint";
import { checkResponse } from "./check-response";

const base = { summary: "test", tag: "test", access: "signed_in" } as const;
const getThing = endpoint({ ...base, method: "GET", path: "/api/v1/things/{id}", response: z.object({ name: z.string(), size: z.number().default(0) }) });
const deleteThing = endpoint({ ...base, method: "DELETE", path: "/api/v1/things/{id}", status: 204 });

describe("checkResponse", () => {
  it("runs in Vitest, where handle calls it", () => {
    expect(process.env.NODE_ENV).toBe("test");
  });

  it("accepts an answer the schema leaves as it is", async () => {
    await expect(checkResponse(getThing, { name: "a", size: 1 })).resolves.toBeUndefined();
    await expect(checkResponse(deleteThing, undefined)).resolves.toBeUndefined();
  });

  it("names the endpoint and the zod issue of an answer that does not match", async () => {
    await expect(checkResponse(getThing, { name: 1, size: 1 })).rejects.toThrow(/GET \/api\/v1\/things\/\{id\}[\s\S]*expected string[\s\S]*at name/);
  });

  it("refuses an answer parsing would change: a default filled in, a key the schema drops", async () => {
    await expect(checkResponse(getThing, { name: "a" })).rejects.toThrow(/\.size: absent on the wire/);
    await expect(checkResponse(getThing, { name: "a", size: 1, secret: "x" })).rejects.toThrow(/\.secret: on the wire but not in the schema/);
  });

  it("checks the wire form: a Date is its ISO string", async () => {
    const spec = endpoint({ ...base, method: "GET", path: "/x", response: z.object({ at: z.string() }) });
    await expect(checkResponse(spec, { at: new Date(0) })).resolves.toBeUndefined();
  });

  it("holds a body on a 204 and a Response with another 2xx status against the spec", async () => {
    await expect(checkResponse(deleteThing, { deleted: true })).rejects.toThrow(/204/);
    await expect(checkResponse(getThing, Response.json({ name: "a", size: 1 }, { status: 201 }))).rejects.toThrow(/answered 201/);
    await expect(checkResponse(getThing, Response.json({ name: 2, size: 1 }))).rejects.toThrow(/does not match/);
    await expect(checkResponse(getThing, new Response(null, { status: 304 }))).resolves.toBeUndefined();
  });
});
