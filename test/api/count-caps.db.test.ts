import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { favpushSolution } from "@/db/seed/favpush";
import * as dagRoute from "@/app/api/v1/apps/[app]/dag/route";
import { CAPS } from "@/server/contracts/limits";
import type { DagDocument } from "@/server/contracts/dag";
import { buildDag } from "@/server/dag/graph/test-dag";
import { startKit, type Kit } from "@/server/solutions/solutions-test-kit";
import { callRoute } from "../support/call-route";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(async () => kit?.close());

const ORIGIN = "http://console.test";
let apps = 0;
async function newApp(): Promise<string> {
  const app = `caps_${++apps}`;
  await kit.addApp(app);
  return app;
}

/** A document of `n` solutions named s1..sn: s1 holds every bucket, the others none. */
function documentOf(app: string, n: number) {
  const body = ({ name: _name, ...rest }: ReturnType<typeof favpushSolution>) => rest;
  return {
    app_name: app,
    solutions: Array.from({ length: n }, (_, i) => ({ [`s${i + 1}`]: body(favpushSolution("v1", { buckets: i === 0 ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [] })) })),
  };
}

const capError = (cap: string, limit: number, said = String(limit)) => ({
  status: 422,
  json: { error: { code: "unprocessable", message: expect.stringContaining(said), details: expect.objectContaining({ cap, limit }) } },
});

describe("solutions per app (422 naming the cap)", () => {
  it("refuses to import a document of more solutions than an app holds, preview included, and changes nothing", async () => {
    const app = await newApp();
    const before = await kit.snapshot(app);
    const document = documentOf(app, CAPS.solutionsPerApp + 1);
    expect(await kit.call("preview", { app, body: { document } })).toMatchObject(capError("solutionsPerApp", CAPS.solutionsPerApp));
    expect(await kit.call("import", { app, body: { version: 0, document } })).toMatchObject(capError("solutionsPerApp", CAPS.solutionsPerApp));
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it("imports exactly the cap, then refuses one more solution by create or clone", async () => {
    const app = await newApp();
    const imported = await kit.call("import", { app, body: { version: 0, document: documentOf(app, CAPS.solutionsPerApp) } });
    expect(imported.status, JSON.stringify(imported.json).slice(0, 300)).toBe(200);
    const version = (imported.json.draft as { version: number }).version;
    const create = await kit.call("create", { app, body: { version, solution: favpushSolution("v1", { name: "one_more", buckets: [] }) } });
    expect(create).toMatchObject(capError("solutionsPerApp", CAPS.solutionsPerApp));
    expect(await kit.call("clone", { app, solution: "s2", body: { version, name: "one_more" } })).toMatchObject(capError("solutionsPerApp", CAPS.solutionsPerApp));
  }, 60_000);
});

describe("DAG caps (422 naming the cap)", () => {
  const put = (document: DagDocument) =>
    callRoute(dagRoute.PUT, "/api/v1/apps/favpush/dag", { method: "PUT", cookie: kit.editor.cookie, origin: ORIGIN, params: { app: "favpush" }, body: { version: 0, document } });
  const dagVersion = async () => (await callRoute(dagRoute.GET, "/api/v1/apps/favpush/dag", { cookie: kit.editor.cookie, params: { app: "favpush" } })).json.version;

  it("refuses more nodes than a DAG may have", async () => {
    const nodes = Object.fromEntries(Array.from({ length: CAPS.dagNodes + 1 }, (_, i) => [`d${i}`, "data" as const]));
    expect(await put(buildDag(nodes, []))).toMatchObject(capError("dagNodes", CAPS.dagNodes));
    expect(await dagVersion()).toBe(0);
  });

  it("refuses more edges than a DAG may have", async () => {
    const nodes = Object.fromEntries([...Array.from({ length: 50 }, (_, i) => [`d${i}`, "data" as const]), ...Array.from({ length: 50 }, (_, i) => [`t${i}`, "trigger" as const])]);
    const edges = Array.from({ length: 50 * 50 }, (_, i) => `d${i % 50}->t${Math.floor(i / 50)}`);
    expect(edges.length).toBeGreaterThan(CAPS.dagEdges);
    expect(await put(buildDag(nodes, edges))).toMatchObject(capError("dagEdges", CAPS.dagEdges));
    expect(await dagVersion()).toBe(0);
  });

  it("refuses a hook header value over its size, too many headers, and a too-long header name", async () => {
    const withHeaders = (headers: Record<string, string>) => {
      const dag = buildDag({ d: "data", t: "trigger" }, ["d->t"]);
      dag.nodes[1]!.trigger!.headers = headers;
      return dag;
    };
    expect(await put(withHeaders({ authorization: "x".repeat(CAPS.hookHeaderValueBytes + 1) }))).toMatchObject(capError("hookHeaderValueBytes", CAPS.hookHeaderValueBytes, "8 KiB"));
    const many = Object.fromEntries(Array.from({ length: CAPS.hookHeaders + 1 }, (_, i) => [`x-h${i}`, "v"]));
    expect(await put(withHeaders(many))).toMatchObject(capError("hookHeaders", CAPS.hookHeaders));
    expect(await put(withHeaders({ ["x".repeat(CAPS.hookHeaderNameBytes + 1)]: "v" }))).toMatchObject(capError("hookHeaderNameBytes", CAPS.hookHeaderNameBytes));
    expect(await dagVersion()).toBe(0);
  });
});
