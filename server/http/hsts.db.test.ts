import { afterAll, beforeAll, expect, it, vi } from "vitest";
import * as healthRoute from "@/app/api/v1/health/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import type { Database } from "@/db/client";
import { callRoute, type RouteHandler } from "@/test/support/call-route";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

// Read once by server/env.ts, first inside this file's own module graph (Vitest isolates files).
vi.stubEnv("COOKIE_SECURE", "1");

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await database?.close();
});

it("behind HTTPS every API answer, errors included, carries Strict-Transport-Security", async () => {
  const ok = await callRoute(healthRoute.GET as RouteHandler, "/api/v1/health");
  expect(ok.status).toBe(200);
  expect(ok.headers.get("strict-transport-security")).toBe("max-age=31536000");
  const refused = await callRoute(modelsRoute.GET as RouteHandler, "/api/v1/models");
  expect(refused.status).toBe(401);
  expect(refused.headers.get("strict-transport-security")).toBe("max-age=31536000");
});
