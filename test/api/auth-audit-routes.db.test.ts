import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import * as signInRoute from "@/app/api/v1/auth/sign-in/route";
import * as signOutRoute from "@/app/api/v1/auth/sign-out/route";
import * as meRoute from "@/app/api/v1/auth/me/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as appsRoute from "@/app/api/v1/apps/route";
import { installSignInGuard, SignInGuard } from "@/server/auth/sign-in-guard";
import { callRoute } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

let database: Database;
let editor: TestPerson;
let viewer: TestPerson;
const origin = "http://console.test";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
  viewer = await createPerson(database.db, "viewer");
  // A stopped clock: an attempt too early stays too early however slow the machine.
  installSignInGuard(new SignInGuard({ freeFailures: 10, maxDelayMs: 60_000 }, () => 0));
});
afterAll(async () => {
  installSignInGuard(undefined);
  await database?.close();
});

const emailOf = (p: TestPerson) => p.actor.email;
const cookiePair = (setCookie: string | null) => setCookie?.split(";")[0] ?? "";

describe("sign-in and sign-out over the routes", () => {
  it("sets an httpOnly, SameSite session cookie that signs the person in, and sign-out ends it", async () => {
    const res = await callRoute(signInRoute.POST, "/api/v1/auth/sign-in", { method: "POST", origin, body: { email: emailOf(viewer), password: viewer.password } });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie");
    const attributes = setCookie?.split(";").map((a) => a.trim().toLowerCase()) ?? [];
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes.some((a) => a.startsWith("max-age=") && Number(a.slice(8)) > 0)).toBe(true);
    expect(JSON.stringify(res.json)).not.toContain(viewer.password);

    const cookie = cookiePair(setCookie);
    const me = await callRoute(meRoute.GET, "/api/v1/auth/me", { cookie });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ email: emailOf(viewer), role: "viewer" });

    const out = await callRoute(signOutRoute.POST, "/api/v1/auth/sign-out", { method: "POST", cookie, origin });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect((await callRoute(meRoute.GET, "/api/v1/auth/me", { cookie })).status).toBe(401);
  });

  it("refuses a wrong password with 401 and no cookie, and makes further guesses wait with 429 and Retry-After, the right password too", async () => {
    const person = await createPerson(database.db, "viewer");
    const wrong = await callRoute(signInRoute.POST, "/api/v1/auth/sign-in", { method: "POST", origin, body: { email: emailOf(person), password: "not it at all" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    let limited = wrong;
    for (let i = 0; i < 20 && limited.status !== 429; i++) {
      limited = await callRoute(signInRoute.POST, "/api/v1/auth/sign-in", { method: "POST", origin, body: { email: emailOf(person), password: "not it at all" } });
    }
    expect(limited.status).toBe(429);
    const right = await callRoute(signInRoute.POST, "/api/v1/auth/sign-in", { method: "POST", origin, body: { email: emailOf(person), password: person.password } });
    expect(right.status).toBe(429);
    expect(right.json.error?.message).toMatch(/try again/i);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(right.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a cross-site sign-in post with 403", async () => {
    const res = await callRoute(signInRoute.POST, "/api/v1/auth/sign-in", { method: "POST", origin: "http://evil.test", body: { email: emailOf(viewer), password: viewer.password } });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("audit log filters over the route", () => {
  it("filters by person, app, kind and time, newest first", async () => {
    const createApp = (p: TestPerson, name: string) =>
      callRoute(appsRoute.POST, "/api/v1/apps", { method: "POST", cookie: p.cookie, origin, body: { name, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
    const admin = await createPerson(database.db, "admin");
    expect((await createApp(editor, "audit_a")).status).toBe(201);
    expect((await createApp(admin, "audit_b")).status).toBe(201);

    const list = async (query: Record<string, string>) => {
      const res = await callRoute(auditRoute.GET, "/api/v1/audit", { cookie: viewer.cookie, query });
      expect(res.status).toBe(200);
      return (res.json as unknown as { entries: Array<{ actorName: string; app: string | null; kind: string; at: string }> }).entries;
    };

    const byEditor = await list({ actor: editor.actor.email, kind: "app" });
    expect(byEditor.map((e) => e.app)).toEqual(["audit_a"]);
    expect((await list({ app: "audit_b" })).every((e) => e.actorName === admin.actor.email)).toBe(true);
    expect((await list({ kind: "app" })).map((e) => e.app)).toEqual(["audit_b", "audit_a"]);

    // An entry from yesterday, stamped by hand (the log is append-only and stamps its own entries):
    // an hour ago lies between it and the two above whatever the clock's resolution or the speed.
    await database.db.insert(auditLog).values({ at: new Date(Date.now() - 86_400_000), actorType: "user", actorId: editor.actor.id, actorName: editor.actor.email, app: "audit_old", kind: "app", action: "create", target: "audit_old" });
    const between = new Date(Date.now() - 3_600_000).toISOString();
    expect((await list({ kind: "app", from: between })).map((e) => e.app)).toEqual(["audit_b", "audit_a"]);
    expect((await list({ kind: "app", to: between })).map((e) => e.app)).toEqual(["audit_old"]);

    const bad = await callRoute(auditRoute.GET, "/api/v1/audit", { cookie: viewer.cookie, query: { from: "yesterday" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/from/);
  });
});
