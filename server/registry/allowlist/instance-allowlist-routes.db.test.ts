import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as allowlistRoute from "@/app/api/v1/admin/instance-allowlist/route";
import * as allowlistEntryRoute from "@/app/api/v1/admin/instance-allowlist/[id]/route";
import * as instancesRoute from "@/app/api/v1/registry/instances/route";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

/** The instance allow-list over the API: who manages it, and what registration it lets through. */
let database: Database;
let viewer: TestPerson;
let editor: TestPerson;
let admin: TestPerson;
let token: string;
const ORIGIN = "http://console.test";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  [viewer, editor, admin] = [await createPerson(database.db, "viewer"), await createPerson(database.db, "editor"), await createPerson(database.db, "admin")];
  token = (await issueToken(database.db, { actor: SYSTEM, input: { name: "model-server", scopes: ["registry:write"] } })).secret;
});
afterAll(async () => {
  await database?.close();
});

const call = (h: unknown, path: string, opts: CallOptions & { as?: TestPerson } = {}) =>
  callRoute(h as RouteHandler, path, { origin: ORIGIN, ...(opts.token ? {} : { cookie: (opts.as ?? editor).cookie }), ...opts });
const register = (address: string, opts: { as?: TestPerson; token?: string; restAddress?: string } = {}) =>
  call(instancesRoute.PUT, "/api/v1/registry/instances", {
    method: "PUT",
    ...opts,
    body: { model: "m", address, ttlSeconds: 60, ...(opts.restAddress ? { restAddress: opts.restAddress } : {}) },
  });
const allow = (entry: string, as = admin) => call(allowlistRoute.POST, "/api/v1/admin/instance-allowlist", { method: "POST", as, body: { entry, description: "t" } });
const list = (as = admin) => call(allowlistRoute.GET, "/api/v1/admin/instance-allowlist", { as });
const instances = async () => ((await call(instancesRoute.GET, "/api/v1/registry/instances")).json.instances as { address: string }[]).map((i) => i.address);

describe("instance allow-list", () => {
  it("starts empty: every registration is refused (422), by an editor or a registry token, saying an admin must allow the host", async () => {
    expect((await list()).json).toEqual({ entries: [] });
    const byEditor = await register("10.1.2.3:8500");
    expect(byEditor.status).toBe(422);
    expect(byEditor.json.error!.message).toMatch(/allow-list is empty.*admin must allow 10\.1\.2\.3/);
    const byToken = await register("127.0.0.1:8500", { token });
    expect(byToken.status).toBe(422);
    expect(byToken.json.error).toMatchObject({ details: { field: "address", host: "127.0.0.1" } });
    expect(await instances()).toEqual([]);
  });

  it("is managed by admins only: others get 403, a bad entry 400, a repeated one 409", async () => {
    for (const who of [viewer, editor]) {
      expect((await list(who)).status).toBe(403);
      expect((await allow("10.0.0.0/8", who)).status).toBe(403);
    }
    for (const bad of ["10.0.0.0/33", "10.0.0/8", "*", "http://tfs.internal"]) {
      const res = await allow(bad);
      expect(res.status, bad).toBe(400);
      expect(res.json.error!.message).toMatch(/CIDR/);
    }
    expect((await allow("10.0.0.0/8")).status).toBe(201);
    expect((await allow("10.0.0.0/8")).status).toBe(409);
    expect((await allow("TFS-*.Prod.Internal")).json).toMatchObject({ entry: "tfs-*.prod.internal", kind: "host" });
    expect((await list()).json.entries).toMatchObject([
      { entry: "10.0.0.0/8", kind: "cidr", createdBy: admin.actor.email },
      { entry: "tfs-*.prod.internal", kind: "host" },
    ]);
  });

  it("lets through hosts an entry covers and refuses the rest, the REST address included", async () => {
    expect((await register("10.200.0.7:8500")).status).toBe(200);
    expect((await register("tfs-3.prod.internal:8500", { token })).status).toBe(200);
    const outside = await register("192.168.1.5:8500");
    expect(outside.status).toBe(422);
    expect(outside.json.error!.message).toBe(
      "192.168.1.5 is not on the instance allow-list: an admin must allow it (or a network holding it) on the Admin page before instances there can be registered.",
    );
    // Names are not resolved: loopback by name is not inside 10.0.0.0/8, nor a look-alike name inside the wildcard.
    expect((await register("localhost:8500")).status).toBe(422);
    expect((await register("tfs-3.prod.internal.evil.example:8500")).status).toBe(422);
    const rest = await register("10.200.0.8:8500", { restAddress: "169.254.169.254:80" });
    expect(rest.status).toBe(422);
    expect(rest.json.error!.details).toEqual({ field: "restAddress", host: "169.254.169.254" });
    expect((await instances()).sort()).toEqual(["10.200.0.7:8500", "tfs-3.prod.internal:8500"]);
  });

  it("removing an entry removes the registrations only it allowed, and stops their renewal", async () => {
    const entries = (await list()).json.entries as { id: string; entry: string }[];
    const cidr = entries.find((e) => e.entry === "10.0.0.0/8")!;
    expect((await call(allowlistEntryRoute.DELETE, "/", { method: "DELETE", as: editor, params: { id: cidr.id } })).status).toBe(403);
    const removed = await call(allowlistEntryRoute.DELETE, "/", { method: "DELETE", as: admin, params: { id: cidr.id } });
    expect(removed.status).toBe(200);
    expect(await instances()).toEqual(["tfs-3.prod.internal:8500"]);
    expect((await register("10.200.0.7:8500", { token })).status).toBe(422);
  });
});
