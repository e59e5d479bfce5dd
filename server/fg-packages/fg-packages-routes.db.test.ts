import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fgRoute from "@/app/api/v1/fg/route";
import * as tryDraftRoute from "@/app/api/v1/fg/try/route";
import * as versionRoute from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/route";
import * as tryRoute from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/try/route";
import type { Database } from "@/db/client";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

let database: Database;
let editor: TestPerson;
let viewer: TestPerson;
const CLASS = "com.test.fg.PinFg";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  editor = await createPerson(database.db, "editor");
  viewer = await createPerson(database.db, "viewer");
});
afterAll(async () => database?.close());

const call = (h: unknown, path: string, opts: CallOptions & { as?: TestPerson } = {}) =>
  callRoute(h as RouteHandler, path, { origin: "http://console.test", cookie: (opts.as ?? editor).cookie, ...opts });
const publish = (version: string, pkg: unknown) => call(fgRoute.POST, "/api/v1/fg", { method: "POST", body: { className: CLASS, version, package: pkg } });
const tryVersion = (version: string, featureMap: unknown) =>
  call(tryRoute.POST, `/api/v1/fg/classes/${CLASS}/versions/${version}/try`, { method: "POST", as: viewer, params: { fgClass: CLASS, version }, body: { featureMap } });
const tryDraft = (pkg: unknown, featureMap: unknown) => call(tryDraftRoute.POST, "/api/v1/fg/try", { method: "POST", body: { package: pkg, featureMap } });

const SPEC_V1 = { inputs: [{ name: "x", dtype: "float", shape: [1, 2], sources: [{ path: "a" }, { path: "b" }] }], outputs: [{ name: "y" }] };
const CODE_V2 = `export function build(fm) { return { inputs: [{ name: "x", dtype: "float", shape: [1, 2], values: [fm.a * 10, fm.b * 10] }], outputs: [{ name: "y" }] }; }`;
const fm = { origin: { uid: 1 }, a: 1, b: 2 };

describe("fg packages over the API", () => {
  it("keeps a pinned version's behaviour after a newer one is published, and never changes a published one", async () => {
    expect((await publish("v1", { kind: "declarative", spec: SPEC_V1 })).status).toBe(201);
    expect((await tryVersion("v1", fm)).json).toMatchObject({ tensorIO: { inputs: [{ values: [1, 2] }] } });

    expect((await publish("v2", { kind: "code", source: CODE_V2 })).status).toBe(201);
    expect((await tryVersion("v2", fm)).json).toMatchObject({ tensorIO: { inputs: [{ values: [10, 20] }] } });
    expect((await tryVersion("v1", fm)).json).toMatchObject({ tensorIO: { inputs: [{ values: [1, 2] }] } });

    const again = await publish("v1", { kind: "code", source: CODE_V2 });
    expect(again.status).toBe(409);
    const stored = await call(versionRoute.GET, `/api/v1/fg/classes/${CLASS}/versions/v1`, { as: viewer, params: { fgClass: CLASS, version: "v1" } });
    expect(stored.json).toMatchObject({ kind: "declarative", package: { kind: "declarative", spec: SPEC_V1 } });

    const list = await call(fgRoute.GET, "/api/v1/fg", { as: viewer });
    expect((list.json.classes as { className: string; versions: { version: string }[] }[]).find((c) => c.className === CLASS)?.versions.map((v) => v.version)).toEqual(["v2", "v1"]);
  });

  it("refuses an invalid declarative spec with every problem at its path", async () => {
    const res = await publish("v3", { kind: "declarative", spec: { inputs: [{ name: "x", dtype: "float", shape: [-1, -1], sources: [] }], outputs: [] } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error)).toMatch(/At most one dimension may be -1/);
    expect(JSON.stringify(res.json.error)).toMatch(/at least one source/);
  });

  it("gives a clear error for a TensorIO that does not fit its shape", async () => {
    const res = await tryDraft({ kind: "declarative", spec: { ...SPEC_V1, inputs: [{ ...SPEC_V1.inputs[0], shape: [1, 3] }] } }, fm);
    expect(res.status).toBe(422);
    expect(res.json.error!.message).toMatch(/shape \[1, 3\] needs 3 value\(s\), got 2/);
  });

  it.each([
    ["an infinite loop", "export function build() { for (;;) {} }", "timeout"],
    // One allocation over the 32 MiB limit: the memory limit trips in one step, whatever the machine's speed.
    ["a huge allocation", "export function build() { return 'x'.repeat(1 << 26); }", "memory"],
    ["require('fs')", "export function build() { return require('fs').readFileSync('/etc/passwd'); }", "thrown"],
    ["process.exit", "export function build() { process.exit(1); }", "thrown"],
  ])("stops %s in the sandbox with a clear 422, and the console keeps serving", async (_name, source, reason) => {
    const res = await tryDraft({ kind: "code", source }, fm);
    expect(res.status).toBe(422);
    expect(res.json.error!.details).toMatchObject({ reason });
    expect((await tryVersion("v2", fm)).json).toMatchObject({ tensorIO: { inputs: [{ values: [10, 20] }] } });
  });
});
