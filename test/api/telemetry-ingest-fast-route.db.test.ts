import { randomUUID } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ingestRoute from "@/app/api/v1/telemetry/route";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { telemetrySolutionRows } from "@/db/schema";
import { favpushApp } from "@/db/seed/favpush";
import { histogramOf } from "@/sdk/src/core/telemetry/histogram";
import { emptyCounts, minuteOf } from "@/sdk/src/core/telemetry/series";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { BODY_LIMITS } from "@/server/contracts/limits";
import type { TelemetryReportInput } from "@/server/contracts/telemetry";
import { telemetryIngestRoute } from "@/server/http/fast-routes";
import { API_CSP, COMMON_SECURITY_HEADERS } from "@/server/http/security-headers";
import { IngestQueue, telemetryQueueOf } from "@/server/telemetry/queue-report";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type RouteHandler } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";
import { readHttpAnswer } from "@/test/support/http-answer";
import { startFastRouteServer, type FastRouteServer } from "@/test/support/fast-route-server";

/**
 * Our HTTP server (scripts/lib/console-server.mjs) answers POST /api/v1/telemetry itself, through
 * the route's own handler (server/http/fast-routes.ts): every answer, refusals included, is the
 * one the route gives when Next.js calls it, plus the headers next.config.ts adds to API answers,
 * and the body limit holds while the body is read. Whatever else comes in goes on to Next.js
 * (here: a handler that says so).
 */
const ORIGIN = "http://console.test";
const MINUTE = minuteOf(Date.now() - 5 * 60_000);
const LIMIT = BODY_LIMITS.telemetryReport;
let database: Database;
let server: FastRouteServer;
let port: number;
let app: string;
let writer: string;
let otherScope: string;
let viewer: TestPerson;

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  app = "fast_ingest";
  await createApp(database.db, { actor: SYSTEM, input: favpushApp({ name: app }) });
  writer = (await issueToken(database.db, { actor: SYSTEM, input: { name: "scoring", scopes: ["telemetry:write"] } })).secret;
  otherScope = (await issueToken(database.db, { actor: SYSTEM, input: { name: "reader", scopes: ["config:read"] } })).secret;
  viewer = await createPerson(database.db, "viewer");

  server = await startFastRouteServer(telemetryIngestRoute(ingestRoute.POST as RouteHandler));
  port = server.port;
});

afterAll(async () => {
  await server?.close();
  await database?.close();
});


function report(over: Partial<TelemetryReportInput["solutions"][number]> = {}): TelemetryReportInput {
  return {
    id: randomUUID(),
    instance: "i-1",
    host: "host-1",
    from: new Date(Date.now() - 60_000).toISOString(),
    to: new Date().toISOString(),
    releases: { [app]: "7" },
    solutions: [{ app, release: "7", solution: "v1", minute: MINUTE, ...emptyCounts(), requests: 10, items: 10, latency: { predict: histogramOf([4, 5, 100]) }, ...over }],
    buckets: [{ app, release: "7", bucket: 1, minute: MINUTE, requests: 10 }],
    dropped: { reports: 0, records: 0 },
  };
}

interface Served {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: unknown;
}

/** Posts to our server; `chunks` are written one by one without a Content-Length (chunked). */
function post(body: string | string[], headers: Record<string, string>): Promise<Served> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const all = { host: "console.test", "content-type": "application/json", ...headers };
    const req = http.request({ host: "127.0.0.1", port, path: "/api/v1/telemetry", method: "POST", headers: all }, (res) => {
      answered = true;
      readHttpAnswer(res).then(resolve, reject);
    });
    // Writing the rest of an oversized body may meet the connection closed after the answer.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (typeof body === "string") req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}

function expectApiHeaders(served: Served): void {
  for (const { key, value } of COMMON_SECURITY_HEADERS) expect(served.headers[key.toLowerCase()]).toBe(value);
  expect(served.headers["content-security-policy"]).toBe(API_CSP);
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const oversized = `{"pad":"${"x".repeat(LIMIT)}"}`;

describe("POST /api/v1/telemetry on our own server", () => {
  const cases: Array<{ what: string; body: () => string; headers: () => Record<string, string> }> = [
    { what: "a report (202)", body: () => JSON.stringify(report()), headers: () => bearer(writer) },
    { what: "a body that is not JSON (400)", body: () => "{not json", headers: () => bearer(writer) },
    { what: "a report the schema refuses (400)", body: () => JSON.stringify({ ...report(), id: "not-a-uuid" }), headers: () => bearer(writer) },
    { what: "no credentials (401)", body: () => JSON.stringify(report()), headers: () => ({}) },
    { what: "an unknown token (401)", body: () => JSON.stringify(report()), headers: () => bearer("sct_nope") },
    { what: "a token without telemetry:write (403)", body: () => JSON.stringify(report()), headers: () => bearer(otherScope) },
    { what: "a viewer's session (403)", body: () => JSON.stringify(report()), headers: () => ({ cookie: viewer.cookie, origin: ORIGIN }) },
    { what: "a body over the limit, declared (413)", body: () => oversized, headers: () => bearer(writer) },
    {
      what: "a report over a cap (422)",
      body: () => JSON.stringify(report({ missing: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, 1])) })),
      headers: () => bearer(writer),
    },
  ];
  for (const c of cases) {
    it(`answers ${c.what} as the route does`, async () => {
      const headers = c.headers();
      const expected = await callRoute(ingestRoute.POST as RouteHandler, "/api/v1/telemetry", { method: "POST", rawBody: c.body(), headers: { "content-type": "application/json", ...headers } });
      const served = await post(c.body(), headers);
      expect({ status: served.status, json: served.json }).toEqual({ status: expected.status, json: expected.json });
      expectApiHeaders(served);
    });
  }

  it("answers a report sent again as the route does (queued, counted once)", async () => {
    // A minute of its own: the row holds this report only.
    const minute = minuteOf(Date.now() - 9 * 60_000);
    const body = JSON.stringify({ ...report({ minute }), buckets: [] });
    const first = await post(body, bearer(writer));
    expect(first.status).toBe(202);
    const expected = await callRoute(ingestRoute.POST as RouteHandler, "/api/v1/telemetry", { method: "POST", rawBody: body, headers: { "content-type": "application/json", ...bearer(writer) } });
    const served = await post(body, bearer(writer));
    expect({ status: served.status, json: served.json }).toEqual({ status: expected.status, json: expected.json });
    await telemetryQueueOf(database.db).settled();
    const rows = await database.db
      .select()
      .from(telemetrySolutionRows)
      .where(and(eq(telemetrySolutionRows.app, app), eq(telemetrySolutionRows.start, new Date(minute)), eq(telemetrySolutionRows.span, 1)));
    expect(rows).toEqual([expect.objectContaining({ requests: 10, reports: 1 })]);
  });

  it("refuses a body streamed past the limit without a Content-Length (413) and closes the connection", async () => {
    const chunk = "x".repeat(64 * 1024);
    const chunks = ['{"pad":"', ...Array.from({ length: Math.ceil(LIMIT / chunk.length) + 4 }, () => chunk), '"}'];
    const served = await post(chunks, bearer(writer));
    expect(served.status).toBe(413);
    expect((served.json as { error: { code: string } }).error.code).toBe("payload_too_large");
    expect(served.headers.connection).toBe("close");
    expectApiHeaders(served);
  });

  it("answers a full queue (503) as the route does", async () => {
    const g = globalThis as unknown as { __telemetryQueues?: WeakMap<object, IngestQueue> };
    const queues = (g.__telemetryQueues ??= new WeakMap());
    const db = database.db;
    const before = queues.get(db);
    queues.set(db, new IngestQueue(db, 0));
    try {
      const body = JSON.stringify(report());
      const expected = await callRoute(ingestRoute.POST as RouteHandler, "/api/v1/telemetry", { method: "POST", rawBody: body, headers: { "content-type": "application/json", ...bearer(writer) } });
      const served = await post(body, bearer(writer));
      expect(served.status).toBe(503);
      expect({ status: served.status, json: served.json, retryAfter: served.headers["retry-after"] }).toEqual({ status: expected.status, json: expected.json, retryAfter: expected.headers.get("retry-after") ?? undefined });
      expectApiHeaders(served);
    } finally {
      if (before) queues.set(db, before);
      else queues.delete(db);
    }
  });

  it("leaves other paths and methods to Next.js", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/telemetry"],
      ["PUT", "/api/v1/telemetry"],
      ["POST", "/api/v1/telemetry/"],
      ["POST", "/api/v1/telemetry/more"],
      ["POST", "/api/v1/telemetryx"],
    ] as const) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, path, method, headers: bearer(writer) }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
      expect(status, `${method} ${path}`).toBe(299);
    }
  });
});
