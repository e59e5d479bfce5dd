import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "@/server/contracts/api";
import { ApiError, apiUrl, call } from "./api-client";

type Sent = { url: string; method: string; body: string | undefined; contentType: string | undefined };

/** Stubs the global fetch with one answer and records what was sent. */
function answer(status: number, body?: unknown): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    sent.push({ url, method: init.method ?? "GET", body: init.body as string | undefined, contentType: headers["content-type"] });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  });
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("call", () => {
  it("takes method and path from the spec and fills {param} segments, URI-encoded", async () => {
    const sent = answer(200, { solutions: [] });
    await call(api.deleteSolution, { params: { app: "fav push", solution: "a/b?c" }, body: { version: 1 } });
    expect(sent[0]).toMatchObject({ method: "DELETE", url: "/api/v1/apps/fav%20push/solutions/a%2Fb%3Fc" });
  });

  it("sends the body as JSON, and no body (nor content-type) when the spec has none", async () => {
    const sent = answer(200, { id: "x" });
    await call(api.signIn, { body: { email: "a@b.c", password: "secret-123" } });
    await call(api.withdrawChangeRequest, { params: { id: "00000000-0000-4000-8000-000000000000" } });
    expect(sent[0]).toMatchObject({ method: "POST", url: "/api/v1/auth/sign-in", contentType: "application/json" });
    expect(JSON.parse(sent[0]?.body ?? "null")).toEqual({ email: "a@b.c", password: "secret-123" });
    expect(sent[1]).toMatchObject({ method: "POST", url: "/api/v1/change-requests/00000000-0000-4000-8000-000000000000/withdraw", body: undefined, contentType: undefined });
  });

  it("serializes the query, leaving absent values out", async () => {
    const sent = answer(200, { entries: [], nextBefore: null });
    await call(api.listAudit, { query: { actor: "ann & bob", app: undefined, before: 42 } });
    await call(api.listAudit);
    expect(sent.map((s) => s.url)).toEqual(["/api/v1/audit?actor=ann+%26+bob&before=42", "/api/v1/audit"]);
  });

  it("answers the parsed JSON body", async () => {
    answer(200, { waiting: 3 });
    await expect(call(api.countWaitingChangeRequests)).resolves.toEqual({ waiting: 3 });
  });

  it("answers undefined for an endpoint without a response body", async () => {
    answer(204);
    await expect(call(api.getModelConf, { params: { model: "m" } })).resolves.toBeUndefined();
  });

  it("throws the error body as an ApiError, with field errors", async () => {
    answer(400, { error: { code: "bad_request", message: "Check the fields", details: { issues: [{ path: "name", message: "Required" }] } } });
    const err = await call(api.createApp, { body: { name: "", bucketCount: 100, hashKey: "uid", originFields: [] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "bad_request", message: "Check the fields" });
    expect((err as ApiError).fieldErrors()).toEqual({ name: "Required" });
  });

  it("maps an answer that is not the error shape, and a failed fetch, to ApiErrors", async () => {
    vi.stubGlobal("fetch", async () => new Response("<html>bad gateway</html>", { status: 502 }));
    await expect(call(api.listApps)).rejects.toMatchObject({ status: 502, code: "http_error", message: "The server answered 502." });
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(call(api.listApps)).rejects.toMatchObject({ status: 0, code: "network" });
  });

  it("sends the browser to sign-in on a 401, except from sign-in itself", async () => {
    const assign = vi.fn();
    vi.stubGlobal("window", { location: { assign, pathname: "/apps", search: "?x=1" } });
    answer(401, { error: { code: "unauthenticated", message: "Sign in", details: null } });
    await expect(call(api.listApps)).rejects.toMatchObject({ status: 401 });
    expect(assign).toHaveBeenCalledWith("/sign-in?next=%2Fapps%3Fx%3D1");
    assign.mockClear();
    await expect(call(api.signIn, { body: { email: "a@b.c", password: "wrong-password" } })).rejects.toMatchObject({ status: 401 });
    expect(assign).not.toHaveBeenCalled();
  });
});

describe("apiUrl", () => {
  it("builds the URL a download link points at", () => {
    expect(apiUrl(api.exportSolutions, { params: { app: "favpush" } })).toBe("/api/v1/apps/favpush/solutions-export");
    expect(apiUrl(api.getModelConf, { params: { model: "m 1" } })).toBe("/api/v1/models/m%201/model.conf");
  });
});
