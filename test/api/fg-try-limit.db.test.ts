import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as tryDraftRoute from "@/app/api/v1/fg/try/route";
import * as fgRoute from "@/app/api/v1/fg/route";
import * as tryRoute from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/try/route";
import type { Database } from "@/db/client";
import { callRoute, type CallOptions, type RouteHandler } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

// Read once by server/env.ts, on first use: set before anything reads it.
vi.hoisted(() => {
  process.env.FG_TRY_LIMIT_PER_MINUTE = "3";
});

let database: Database;
let editor: TestPerson;
let other: TestPerson;
const CLASS = "com.test.fg.LimitFg";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
  other = await createPerson(database.db, "editor");
});
afterAll(async () => database?.close());

const call = (h: unknown, path: string, as: TestPerson, opts: CallOptions) => callRoute(h as RouteHandler, path, { origin: "http://console.test", cookie: as.cookie, method: "POST", ...opts });
const PKG = { kind: "declarative", spec: { inputs: [{ name: "x", dtype: "float", shape: [1, 1], sources: [{ path: "a" }] }], outputs: [{ name: "y" }] } };
const featureMap = { origin: { uid: 1 }, a: 2 };
const tryDraft = (as: TestPerson) => call(tryDraftRoute.POST, "/api/v1/fg/try", as, { body: { package: PKG, featureMap } });
const tryVersion = (as: TestPerson) =>
  call(tryRoute.POST, `/api/v1/fg/classes/${CLASS}/versions/v1/try`, as, { params: { fgClass: CLASS, version: "v1" }, body: { featureMap } });

describe("the per-person limit on the fg try routes (FG_TRY_LIMIT_PER_MINUTE)", () => {
  it("answers 429 with Retry-After past the limit, counting draft and published tries together, person by person", async () => {
    expect((await call(fgRoute.POST, "/api/v1/fg", editor, { body: { className: CLASS, version: "v1", package: PKG } })).status).toBe(201);
    expect((await tryDraft(editor)).status).toBe(200);
    expect((await tryVersion(editor)).status).toBe(200);
    expect((await tryDraft(editor)).status).toBe(200);

    const limited = await tryVersion(editor);
    expect(limited.status).toBe(429);
    expect(limited.json.error?.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await tryDraft(editor)).status).toBe(429);

    // Another person keeps their own allowance.
    expect((await tryDraft(other)).status).toBe(200);
  });
});
