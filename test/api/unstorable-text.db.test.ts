import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as usersRoute from "@/app/api/v1/admin/users/route";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as appRoute from "@/app/api/v1/apps/[app]/route";
import * as solutionsRoute from "@/app/api/v1/apps/[app]/solutions/route";
import * as meRoute from "@/app/api/v1/auth/me/route";
import * as signInRoute from "@/app/api/v1/auth/sign-in/route";
import * as lookupRoute from "@/app/api/v1/feature-tables/[table]/lookup/route";
import * as rowsRoute from "@/app/api/v1/feature-tables/[table]/rows/route";
import * as fgRoute from "@/app/api/v1/fg/route";
import * as scoreRoute from "@/app/api/v1/score/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushArticleDocument, favpushVersions } from "@/db/seed/favpush";
import { listApps } from "@/server/apps/list-apps";
import { listAudit } from "@/server/audit/list-audit";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { listFgClasses } from "@/server/fg-packages/list-fg-classes";
import { recentTrialsSettled } from "@/server/samples/record-recent-trial";
import { getSolutionsDraft } from "@/server/solutions/get-solutions-draft";
import { listUsers } from "@/server/users/list-users";
import { callRoute, type CallOptions, type RouteHandler } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";

/**
 * Text PostgreSQL cannot store (U+0000) or that is not Unicode (a lone surrogate, which the
 * driver would silently store as U+FFFD) is refused at the door with 400 `invalid_text` naming
 * the field, through the real route handlers; a malformed session cookie is no session (401);
 * and a database error that does reach the log is logged without the query's parameters.
 */
let database: Database;
let editor: TestPerson;
let admin: TestPerson;
const ORIGIN = "http://console.test";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  await seedFavpushWorld(database.db, { parts: ["app", "tables", "rows", "fg", "solutions"], uids: { from: 230, to: 240 }, storage: { storage: "builtin" } });
  await (await getConfigCenter()).publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
  editor = await createPerson(database.db, "editor");
  admin = await createPerson(database.db, "admin");
}, 120_000);

afterAll(async () => {
  await recentTrialsSettled();
  await closeFeatureStores();
  await (await getConfigCenter()).close();
  await database?.close();
});

afterEach(() => vi.restoreAllMocks());

const call = (h: unknown, path: string, opts: CallOptions = {}) => callRoute(h as RouteHandler, path, { origin: ORIGIN, cookie: editor.cookie, ...opts });

/** Everything these requests could change. */
async function snapshot() {
  const db = database.db;
  return {
    apps: await listApps(db),
    draft: await getSolutionsDraft(db, "favpush"),
    fg: await listFgClasses(db),
    users: (await listUsers(db)).length,
    audit: (await listAudit(db, { limit: 500 })).entries.length,
  };
}

const NUL = "\u0000";
const LONE = "\uD800";

describe("text the console cannot store is refused with 400 naming the field, and nothing changes", () => {
  it("U+0000 in a new app's description", async () => {
    const before = await snapshot();
    const res = await call(appsRoute.POST, "/api/v1/apps", {
      method: "POST",
      body: { name: "nul_app", description: `a${NUL}b`, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: "invalid_text",
      message: 'Invalid body field "description": it contains U+0000 (NUL), which cannot be stored.',
      details: { where: "body", field: "description", character: "U+0000" },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("U+0000 in a solution's name", async () => {
    const before = await snapshot();
    const solution = { ...before.draft.solutions[0]!, name: `v3${NUL}` };
    const res = await call(solutionsRoute.POST, "/api/v1/apps/favpush/solutions", { method: "POST", params: { app: "favpush" }, body: { version: before.draft.version, solution } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_text", details: { field: "solution.name" } });
    expect(await snapshot()).toEqual(before);
  });

  it("a lone surrogate in an app's salt (it feeds bucketing)", async () => {
    const before = await snapshot();
    const app = before.apps.find((a) => a.name === "favpush")!;
    const { originFields } = (await call(appRoute.GET, "/api/v1/apps/favpush", { params: { app: "favpush" } })).json as { originFields: unknown };
    // JSON.stringify writes the lone surrogate as the escape "\ud800", which JSON.parse turns back into one.
    const body = { bucketCount: app.bucketCount, hashKey: app.hashKey, salt: `favpush${LONE}`, description: "", originFields, version: app.version };
    const res = await call(appRoute.PUT, "/api/v1/apps/favpush", { method: "PUT", params: { app: "favpush" }, body });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: "invalid_text",
      message: 'Invalid body field "salt": it contains a lone UTF-16 surrogate (U+D800), which is not valid Unicode.',
      details: { field: "salt", character: "U+D800" },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("U+0000 in a trial's origin: 400 naming origin.<field>, not a 502 blaming the feature table", async () => {
    const ok = await call(scoreRoute.POST, "/api/v1/score", { method: "POST", body: { app_name: "favpush", origin: { uid: 234, goods_id: 123 }, options: { solution: "v1" } } });
    // Without a model instance the trial gets as far as predict: the origin itself was fine.
    expect(ok.json.error?.details).toMatchObject({ stage: "predict" });
    const res = await call(scoreRoute.POST, "/api/v1/score", { method: "POST", body: { app_name: "favpush", origin: { uid: 234, goods_id: `123${NUL}` }, options: { solution: "v1" } } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_text", details: { field: "origin.goods_id" } });
  });

  it("a lone surrogate in an origin field's name", async () => {
    const res = await call(scoreRoute.POST, "/api/v1/score", { method: "POST", body: { app_name: "favpush", origin: { uid: 234, [`goods${LONE}`]: 1 } } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_text", details: { field: "origin.goods\\ud800" } });
  });

  it("U+0000 in an uploaded feature-table file, naming its line", async () => {
    const before = await snapshot();
    const text = `{"key":"234|v1","value":[1,2]}\n{"key":"235${NUL}|v1","value":[1,2]}\n`;
    const res = await call(rowsRoute.POST, "/api/v1/feature-tables/user_tbl/rows", { method: "POST", params: { table: "user_tbl" }, body: { format: "jsonl", text } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_text", details: { field: "text", line: 2 } });
    expect(await snapshot()).toEqual(before);
  });

  it("a lone surrogate in a published fg package's code", async () => {
    const before = await snapshot();
    const res = await call(fgRoute.POST, "/api/v1/fg", {
      method: "POST",
      body: { className: "com.test.NulFg", version: "v1", package: { kind: "code", source: `// ${LONE}\nreturn {};` } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_text", details: { field: "package.source", line: 1 } });
    expect(await snapshot()).toEqual(before);
  });

  it("U+0000 in a path param and in a query param", async () => {
    const path = await call(appRoute.GET, "/api/v1/apps/x%00", { params: { app: `x${NUL}` } });
    expect(path.status).toBe(400);
    expect(path.json.error).toMatchObject({ code: "invalid_text", message: expect.stringContaining('path field "app"'), details: { where: "path", field: "app" } });
    const query = await call(lookupRoute.GET, "/api/v1/feature-tables/user_tbl/lookup", { params: { table: "user_tbl" }, query: { key: `234${NUL}` } });
    expect(query.status).toBe(400);
    expect(query.json.error).toMatchObject({ code: "invalid_text", details: { where: "query", field: "key" } });
  });
});

describe("a malformed session cookie", () => {
  const cookie = "sc_session=%E0%A4%A";

  it("is no session: 401 where signing in is needed", async () => {
    const res = await call(appsRoute.GET, "/api/v1/apps", { cookie });
    expect(res.status).toBe(401);
    expect(res.json.error?.code).toBe("unauthorized");
    expect((await call(meRoute.GET, "/api/v1/auth/me", { cookie })).status).toBe(401);
  });

  it("does not stop the person signing in again", async () => {
    const res = await call(signInRoute.POST, "/api/v1/auth/sign-in", { method: "POST", cookie, body: { email: editor.actor.email, password: editor.password } });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/^sc_session=/);
  });
});

describe("a database error in the log", () => {
  it("is logged as its code and message, never with the query's parameters", async () => {
    // Make the users insert fail inside the database, after the password was hashed.
    await database.db.execute(sql`ALTER TABLE users ADD CONSTRAINT refuse_log_probe CHECK (name <> 'Log Probe')`);
    const logged: unknown[][] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
    try {
      const email = "log-probe@test.local";
      const res = await call(usersRoute.POST, "/api/v1/admin/users", {
        method: "POST",
        cookie: admin.cookie,
        body: { email, name: "Log Probe", role: "viewer", password: "a secret password" },
      });
      expect(res.status).toBe(500);
      const text = logged.map((args) => args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 10 }))).join(" ")).join("\n");
      expect(text).toContain("[api] unexpected error");
      expect(text).toContain("[23514]");
      expect(text).toContain("refuse_log_probe");
      for (const secret of [email, "scrypt$", "a secret password", "params", "Failing row"]) expect(text).not.toContain(secret);
    } finally {
      await database.db.execute(sql`ALTER TABLE users DROP CONSTRAINT refuse_log_probe`);
    }
  });
});
