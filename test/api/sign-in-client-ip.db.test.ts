import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import * as signInRoute from "@/app/api/v1/auth/sign-in/route";
import { CLIENT_IP_HEADER as SERVER_HEADER, createConsoleServer } from "@/scripts/lib/console-server.mjs";
import { installSignInGuard, SignInGuard } from "@/server/auth/sign-in-guard";
import { env } from "@/server/env";
import { CLIENT_IP_HEADER, clientIp, parseTrustedProxies } from "@/server/http/client-ip";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

// Before anything reads the environment: one trusted proxy, at a loopback address of its own.
vi.hoisted(() => {
  process.env.TRUSTED_PROXIES = "127.0.0.5";
});

/**
 * Our HTTP server (scripts/lib/console-server.mjs, what `npm start` and the e2e server run) in
 * front of the real sign-in route, over real sockets. Next.js would stand between them and
 * hand the route a Request built from the same `req.headers`; here a few lines do that, so no
 * build is needed. Each client connects from its own loopback address (127.0.0.0/8).
 */
async function asRoute(req: IncomingMessage, res: ServerResponse) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const body = req.method === "GET" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body, duplex: "half" } as RequestInit);
  const answer =
    req.url === "/whoami"
      ? Response.json({ ip: clientIp(request, parseTrustedProxies(env().TRUSTED_PROXIES)) })
      : await signInRoute.POST(request, {});
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(Buffer.from(await answer.arrayBuffer()));
}

let database: Database;
let server: http.Server;
let port: number;
let person: TestPerson;
const clock = { now: 0 };

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  person = await createPerson(database.db, "viewer");
  installSignInGuard(new SignInGuard({ freeFailures: 3, maxDelayMs: 60_000 }, () => clock.now));
  server = createConsoleServer(asRoute);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  installSignInGuard(undefined);
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
});

function send(from: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const data = JSON.stringify(body);
  return new Promise<{ status: number; retryAfter: string | undefined; json: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method: "POST", localAddress: from, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"], json: JSON.parse(Buffer.concat(chunks).toString() || "null") }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

const signIn = (from: string, password: string, headers?: Record<string, string>) => send(from, "/api/v1/auth/sign-in", { email: person.actor.email, password }, headers);
const spoof = (ip: string) => ({ [CLIENT_IP_HEADER]: ip, "x-forwarded-for": ip, "x-real-ip": ip });

describe("the client address behind our server", () => {
  it("is the socket peer: a client-sent client-ip header and X-Forwarded-For change nothing from an untrusted peer", async () => {
    expect(SERVER_HEADER).toBe(CLIENT_IP_HEADER);
    expect((await send("127.0.0.3", "/whoami", {})).json).toEqual({ ip: "127.0.0.3" });
    expect((await send("127.0.0.3", "/whoami", {}, spoof("203.0.113.1"))).json).toEqual({ ip: "127.0.0.3" });
    // Two copies of the header, in case a parser keeps the first or the last.
    const twice = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: "/whoami", method: "POST", localAddress: "127.0.0.3", headers: ["host", `127.0.0.1:${port}`, CLIENT_IP_HEADER, "198.51.100.1", CLIENT_IP_HEADER, "198.51.100.2", "content-length", "0"] });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
    expect(JSON.parse(twice)).toEqual({ ip: "127.0.0.3" });
  });

  it("is the right-most untrusted X-Forwarded-For hop when the peer is a trusted proxy", async () => {
    expect((await send("127.0.0.5", "/whoami", {}, { "x-forwarded-for": "1.1.1.1, 203.0.113.7" })).json).toEqual({ ip: "203.0.113.7" });
    expect((await send("127.0.0.5", "/whoami", {}, { [CLIENT_IP_HEADER]: "1.1.1.1" })).json).toEqual({ ip: "127.0.0.5" });
  });

  it("cannot be reset by new made-up headers on every guess", async () => {
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await signIn("127.0.0.3", "wrong", spoof(`198.51.100.${i}`))).status);
    expect(outcomes).toEqual([401, 401, 401, 429, 429]);
  });
});

describe("a wrong-password flood", () => {
  it("does not keep the real person out: not at an address they signed in from, and elsewhere once the delay passes", async () => {
    expect((await signIn("127.0.0.2", person.password)).status).toBe(200);

    // Guessers at ten addresses, each claiming to be the person's address: past the account's allowance.
    for (let a = 10; a < 20; a++) {
      for (let i = 0; i < 4; i++) expect([401, 429]).toContain((await signIn(`127.0.0.${a}`, "wrong", spoof("127.0.0.2"))).status);
    }
    expect((await signIn("127.0.0.21", "wrong")).status).toBe(429);

    expect((await signIn("127.0.0.2", person.password)).status).toBe(200);

    const early = await signIn("127.0.0.22", person.password);
    expect(early.status).toBe(429);
    expect(early.json).toMatchObject({ error: { code: "rate_limited", message: expect.stringMatching(/try again/i) } });
    expect(Number(early.retryAfter)).toBeGreaterThan(0);
    clock.now += Number(early.retryAfter) * 1000;
    expect((await signIn("127.0.0.22", person.password)).status).toBe(200);
  });
});
