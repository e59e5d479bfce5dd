import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import * as signInRoute from "@/app/api/v1/auth/sign-in/route";
import * as signOutRoute from "@/app/api/v1/auth/sign-out/route";
import type { Env } from "@/server/env";
import { callRoute } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

// env() parses process.env once per process; this file sets COOKIE_SECURE per test instead.
const overrides = vi.hoisted(() => ({ value: {} as Partial<Env> }));
vi.mock("@/server/env", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/server/env")>();
  return { ...real, env: () => ({ ...real.env(), ...overrides.value }) };
});

let database: Database;
let viewer: TestPerson;
const origin = "http://console.test";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  viewer = await createPerson(database.db, "viewer");
});
afterAll(async () => database?.close());
afterEach(() => {
  overrides.value = {};
});

async function signInAndOut() {
  const signIn = await callRoute(signInRoute.POST, "/api/v1/auth/sign-in", { method: "POST", origin, body: { email: viewer.actor.email, password: viewer.password } });
  expect(signIn.status).toBe(200);
  const set = signIn.headers.get("set-cookie") ?? "";
  const signOut = await callRoute(signOutRoute.POST, "/api/v1/auth/sign-out", { method: "POST", origin, cookie: set.split(";")[0] });
  expect(signOut.status).toBe(200);
  const cleared = signOut.headers.get("set-cookie") ?? "";
  expect(cleared).toMatch(/Max-Age=0/);
  const attributes = (cookie: string) => cookie.split(";").map((a) => a.trim().toLowerCase());
  return { set: attributes(set), cleared: attributes(cleared) };
}

describe("the session cookie's Secure attribute", () => {
  it("is set by sign-in and by sign-out's clearing cookie alike when COOKIE_SECURE=1", async () => {
    overrides.value = { COOKIE_SECURE: "1" };
    const { set, cleared } = await signInAndOut();
    expect(set).toContain("secure");
    expect(cleared).toContain("secure");
  });

  it("is left off by both when COOKIE_SECURE=0 (plain-HTTP development)", async () => {
    overrides.value = { COOKIE_SECURE: "0" };
    const { set, cleared } = await signInAndOut();
    expect(set).not.toContain("secure");
    expect(cleared).not.toContain("secure");
  });
});
