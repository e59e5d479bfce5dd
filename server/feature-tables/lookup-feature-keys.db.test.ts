import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lookupRoute from "@/app/api/v1/features/lookup/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushVersions } from "@/db/seed/favpush";
import { SYSTEM } from "@/server/auth/actor";
import { MAX_LOOKUP_KEYS } from "@/server/contracts/feature-tables";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute } from "@/test/support/call-route";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { lookupFeatureKey } from "./lookup-feature-key";

/** POST /api/v1/features/lookup: how the scoring runtime reads a built-in table, with a features:read token. */
let database: Database;
let featuresToken: string;
let configToken: string;
const vec = favpushVersions().favpush_vec_v2;

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  await seedFavpushWorld(database.db, { parts: ["app", "tables", "rows"], uids: { from: 200, to: 205 } });
  featuresToken = (await issueToken(database.db, { actor: SYSTEM, input: { name: "runtime", scopes: ["features:read"] } })).secret;
  configToken = (await issueToken(database.db, { actor: SYSTEM, input: { name: "config-only", scopes: ["config:read"] } })).secret;
}, 60_000);

afterAll(async () => {
  await database?.close();
});

const lookup = (body: unknown, token = featuresToken) => callRoute(lookupRoute.POST, "/api/v1/features/lookup", { method: "POST", token, body });

describe("batched feature lookup", () => {
  it("answers each key as the single-key lookup does, in the order given, null for a key with nothing", async () => {
    const keys = [`201|${vec}`, "no-such-key", `203|${vec}`];
    const res = await lookup({ table: "user_tbl", keys });
    expect(res.status).toBe(200);
    const single = await Promise.all(keys.map(async (key) => (await lookupFeatureKey(database.db, { table: "user_tbl", key })).value));
    expect(res.json).toEqual({ table: "user_tbl", operator: "getKV", values: single });
    expect(single[0]).not.toBeNull();
    expect(single[1]).toBeNull();
  });

  it.each([
    ["no keys", { table: "user_tbl", keys: [] }, 400],
    ["too many keys", { table: "user_tbl", keys: Array.from({ length: MAX_LOOKUP_KEYS + 1 }, (_, i) => `k${i}`) }, 400],
    ["an empty key", { table: "user_tbl", keys: [""] }, 400],
    ["an unknown field", { table: "user_tbl", keys: ["k"], address: "10.0.0.1:6379" }, 400],
    ["an unknown table", { table: "no_such_tbl", keys: ["k"] }, 404],
  ])("refuses %s with a clear %i", async (_name, body, status) => {
    const res = await lookup(body);
    expect(res.status).toBe(status);
    expect(res.json.error?.message).toBeTruthy();
  });

  it("needs a token with features:read (a config:read token is refused) or a signed-in person", async () => {
    expect((await lookup({ table: "user_tbl", keys: ["k"] }, configToken)).status).toBe(403);
    expect((await callRoute(lookupRoute.POST, "/api/v1/features/lookup", { method: "POST", body: { table: "user_tbl", keys: ["k"] } })).status).toBe(401);
  });
});
