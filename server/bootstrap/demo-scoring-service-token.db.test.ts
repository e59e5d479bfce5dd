import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { resolveToken } from "@/server/auth/resolve-token";
import { createTestDatabase } from "@/test/support/test-db";
import { handDemoScoringServiceToken, type DemoScoringServiceMessage } from "./demo-scoring-service-token";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

describe("the demo scoring service's token", () => {
  it("is handed over the IPC channel only, a new one each start (the last revoked), with config:read, features:read and telemetry:write", async () => {
    const sent: DemoScoringServiceMessage[] = [];
    const send = (message: DemoScoringServiceMessage) => sent.push(message);
    // Not started by npm start (no IPC channel), or no demo app: no token.
    expect(await handDemoScoringServiceToken(database.db, undefined)).toBe(false);
    expect(await handDemoScoringServiceToken(database.db, send)).toBe(false);
    await seedFavpushWorld(database.db, { parts: ["app"] });
    expect(await handDemoScoringServiceToken(database.db, send)).toBe(true);
    expect(await handDemoScoringServiceToken(database.db, send)).toBe(true);
    expect(sent.map((m) => [m.type, m.app])).toEqual([
      ["demo-scoring-service", "favpush"],
      ["demo-scoring-service", "favpush"],
    ]);
    expect(await resolveToken(database.db, sent[0]!.token)).toBeNull();
    const actor = await resolveToken(database.db, sent[1]!.token);
    expect(actor?.scopes.slice().sort()).toEqual(["config:read", "features:read", "telemetry:write"]);
  });
});
