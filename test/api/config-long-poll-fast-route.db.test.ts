import { randomUUID } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import type { Database } from "@/db/client";
import { FAST_ROUTE_KEY as SERVER_KEY } from "@/scripts/lib/console-server.mjs";
import { SYSTEM } from "@/server/auth/actor";
import { SESSION_COOKIE } from "@/server/auth/sessions";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { configLongPollRoute, FAST_ROUTE_KEY } from "@/server/http/fast-routes";
import { parkedLongPolls } from "@/server/http/parked-long-polls";
import { API_CSP, COMMON_SECURITY_HEADERS } from "@/server/http/security-headers";
import { issueToken } from "@/server/tokens/issue-token";
import { revokeToken } from "@/server/tokens/revoke-token";
import { releasedDocument } from "@/sdk/src/test-documents";
import { callRoute } from "../support/call-route";
import { waitUntil } from "../support/etcd";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";
import { readHttpAnswer } from "@/test/support/http-answer";
import { startFastRouteServer, type FastRouteServer } from "@/test/support/fast-route-server";

/**
 * Our HTTP server (scripts/lib/console-server.mjs) answers the config long-poll itself, through
 * the route's own handler (server/http/fast-routes.ts): every answer, refusals included, is the
 * one the route gives when Next.js calls it, plus the headers next.config.ts adds to API answers.
 * Whatever else comes in goes on to Next.js (here: a handler that says so).
 */
const app = "fast-route";
let database: Database;
let center: ConfigCenter;
let server: FastRouteServer;
let port: number;
let reader: string;
let otherScope: string;
let revoked: string;
/** Watches started on the center (our server holds all long-polls of an app on one). */
let watches = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  const builtin = createBuiltinConfigCenter({ db: database.db });
  center = {
    ...builtin,
    kind: builtin.kind,
    watch(name, from, listener) {
      watches++;
      return builtin.watch(name, from, listener);
    },
  };
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: "builtin" });
  const issue = async (scopes: Array<"config:read" | "features:read">) =>
    issueToken(database.db, { actor: SYSTEM, input: { name: `fast-${randomUUID()}`, scopes } });
  reader = (await issue(["config:read"])).secret;
  otherScope = (await issue(["features:read"])).secret;
  const toRevoke = await issue(["config:read"]);
  await revokeToken(database.db, { actor: SYSTEM, id: toRevoke.token.id });
  revoked = toRevoke.secret;
  await center.publish({ app, releaseId: randomUUID(), document: releasedDocument("lr_1"), versions: { vec: "1" } });

  server = await startFastRouteServer(configLongPollRoute(configRoute.GET));
  port = server.port;
});

afterAll(async () => {
  await server?.close();
  await center?.close();
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
  await database?.close();
});

function get(path: string, headers: Record<string, string> = {}, method = "GET", signal?: AbortSignal) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; json: unknown }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, headers, signal }, (res) => {
      readHttpAnswer(res).then(resolve, reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the config long-poll on our own server", () => {
  it("uses the key the server looks up", () => {
    expect(SERVER_KEY).toBe(FAST_ROUTE_KEY);
  });

  const cases: Array<{ what: string; app?: string; query?: Record<string, string>; headers: () => Record<string, string> }> = [
    { what: "the current release", headers: () => ({ authorization: `Bearer ${reader}` }) },
    { what: "nothing newer, no wait (304)", query: { revision: "1" }, headers: () => ({ authorization: `Bearer ${reader}` }) },
    { what: "no credentials", headers: () => ({}) },
    { what: "a malformed Authorization header", headers: () => ({ authorization: "Basic abc" }) },
    { what: "an unknown token", headers: () => ({ authorization: "Bearer sct_nope" }) },
    { what: "a revoked token", headers: () => ({ authorization: `Bearer ${revoked}` }) },
    { what: "a token without config:read", headers: () => ({ authorization: `Bearer ${otherScope}` }) },
    { what: "a bad revision", query: { revision: "-1" }, headers: () => ({ authorization: `Bearer ${reader}` }) },
    { what: "a bad wait", query: { revision: "1", wait: "forever" }, headers: () => ({ authorization: `Bearer ${reader}` }) },
    { what: "an app name the console refuses", app: "Not An App!", headers: () => ({ authorization: `Bearer ${reader}` }) },
    { what: "an app never published", app: "never-published", headers: () => ({ authorization: `Bearer ${reader}` }) },
    { what: "an anonymous caller with a broken cookie", headers: () => ({ cookie: `${SESSION_COOKIE}=%E0%A4%A` }) },
  ];
  for (const c of cases) {
    it(`answers ${c.what} as the route does`, async () => {
      const name = c.app ?? app;
      const query = new URLSearchParams(c.query ?? {}).toString();
      const path = `/api/config/v1/apps/${encodeURIComponent(name)}${query ? `?${query}` : ""}`;
      const expected = await callRoute(configRoute.GET, `/api/config/v1/apps/${encodeURIComponent(name)}`, { params: { app: name }, query: c.query, headers: c.headers() });
      const served = await get(path, c.headers());
      expect({ status: served.status, json: served.json }).toEqual({ status: expected.status, json: expected.status === 304 ? null : expected.json });
      for (const { key, value } of COMMON_SECURITY_HEADERS) expect(served.headers[key.toLowerCase()]).toBe(value);
      expect(served.headers["content-security-policy"]).toBe(API_CSP);
      expect(served.headers["cache-control"]).toBe(expected.headers.get("cache-control") ?? undefined);
    });
  }

  it("holds a long-poll until a release arrives and answers it with that release", async () => {
    const before = parkedLongPolls();
    const answer = get(`/api/config/v1/apps/${app}?revision=1&wait=30s`, { authorization: `Bearer ${reader}` });
    await waitUntil(() => parkedLongPolls() === before + 1, { what: "the long-poll to park" });
    const { revision } = await center.publish({ app, releaseId: randomUUID(), document: releasedDocument("lr_2"), versions: { vec: "2" } });
    const served = await answer;
    expect(served.status).toBe(200);
    expect(served.json).toMatchObject({ app, revision, versions: { vec: "2" } });
  });

  it("stops holding a long-poll whose client went away", async () => {
    const current = (await center.read(app))!.revision;
    const before = parkedLongPolls();
    const gone = new AbortController();
    const answer = get(`/api/config/v1/apps/${app}?revision=${current}&wait=30s`, { authorization: `Bearer ${reader}` }, "GET", gone.signal).catch(() => "aborted");
    await waitUntil(() => parkedLongPolls() === before + 1, { what: "the long-poll to park" });
    gone.abort();
    expect(await answer).toBe("aborted");
    await waitUntil(() => parkedLongPolls() === before, { what: "the long-poll to be let go" });
  });

  it("answers every long-poll of an app a release wakes with the same answer, through one watch", async () => {
    const current = (await center.read(app))!.revision;
    const before = parkedLongPolls();
    const watchesBefore = watches;
    const path = `/api/config/v1/apps/${app}?revision=${current}&wait=30s`;
    const answers = Array.from({ length: 5 }, () => get(path, { authorization: `Bearer ${reader}` }));
    await waitUntil(() => parkedLongPolls() === before + 5, { what: "the long-polls to park" });
    expect(watches - watchesBefore).toBe(1);
    const { revision } = await center.publish({ app, releaseId: randomUUID(), document: releasedDocument("lr_1"), versions: { vec: "5" } });
    const expected = await callRoute(configRoute.GET, `/api/config/v1/apps/${app}`, { params: { app }, query: { revision: String(current) }, headers: { authorization: `Bearer ${reader}` } });
    for (const served of await Promise.all(answers)) {
      expect({ status: served.status, json: served.json }).toEqual({ status: 200, json: expected.json });
      expect(served.json).toMatchObject({ revision, versions: { vec: "5" } });
      for (const { key, value } of COMMON_SECURITY_HEADERS) expect(served.headers[key.toLowerCase()]).toBe(value);
      expect(served.headers["content-security-policy"]).toBe(API_CSP);
      expect(served.headers["cache-control"]).toBe(expected.headers.get("cache-control") ?? undefined);
      expect(served.headers["content-type"]).toBe(expected.headers.get("content-type") ?? undefined);
    }
    expect(parkedLongPolls()).toBe(before);
  });

  it("answers a parked long-poll 304 once its wait is over, as the route does", async () => {
    const current = (await center.read(app))!.revision;
    const query = { revision: String(current), wait: "1s" };
    const expected = await callRoute(configRoute.GET, `/api/config/v1/apps/${app}`, { params: { app }, query, headers: { authorization: `Bearer ${reader}` } });
    const before = parkedLongPolls();
    const answer = get(`/api/config/v1/apps/${app}?${new URLSearchParams(query)}`, { authorization: `Bearer ${reader}` });
    await waitUntil(() => parkedLongPolls() === before + 1, { what: "the long-poll to park" });
    const served = await answer;
    expect(expected.status).toBe(304);
    expect(served.status).toBe(304);
    expect(served.headers["cache-control"]).toBe(expected.headers.get("cache-control") ?? undefined);
    expect(served.headers["content-security-policy"]).toBe(API_CSP);
    expect(parkedLongPolls()).toBe(before);
  });

  it("holds a long-poll from a revision older than its app's watch started from as the route holds it", async () => {
    const current = (await center.read(app))!.revision;
    const before = parkedLongPolls();
    const watchesBefore = watches;
    const ahead = new AbortController();
    // A client claiming a revision the center has not reached yet opens the app's watch from there.
    const aheadAnswer = get(`/api/config/v1/apps/${app}?revision=${current + 5}&wait=30s`, { authorization: `Bearer ${reader}` }, "GET", ahead.signal).catch(() => "aborted");
    await waitUntil(() => parkedLongPolls() === before + 1, { what: "the first long-poll to park" });
    const behind = get(`/api/config/v1/apps/${app}?revision=${current}&wait=30s`, { authorization: `Bearer ${reader}` });
    await waitUntil(() => watches === watchesBefore + 2, { what: "the second long-poll to be held by the route" });
    expect(parkedLongPolls()).toBe(before + 1);
    const { revision } = await center.publish({ app, releaseId: randomUUID(), document: releasedDocument("lr_2"), versions: { vec: "6" } });
    expect((await behind).json).toMatchObject({ revision, versions: { vec: "6" } });
    expect(parkedLongPolls()).toBe(before + 1);
    ahead.abort();
    expect(await aheadAnswer).toBe("aborted");
    await waitUntil(() => parkedLongPolls() === before, { what: "the first long-poll to be let go" });
  });

  it("leaves other paths and methods to Next.js", async () => {
    for (const [method, path] of [
      ["GET", "/api/config/v1/apps"],
      ["GET", `/api/config/v1/apps/${app}/more`],
      ["GET", "/api/config/v1/apps/%E0%A4%A"],
      ["HEAD", `/api/config/v1/apps/${app}`],
      ["POST", `/api/config/v1/apps/${app}`],
      ["GET", "/api/v1/apps"],
    ] as const) {
      expect((await get(path, { authorization: `Bearer ${reader}` }, method)).status, `${method} ${path}`).toBe(299);
    }
  });
});
