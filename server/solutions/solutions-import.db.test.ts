import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit/list-audit";
import { favpushArticleDocument, favpushSolutions } from "@/db/seed/favpush";
import { startKit, type Kit } from "./solutions-test-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(async () => kit?.close());

// A test that imports works on an app of its own, so none depends on a draft another left
// behind; the refusals and previews use the kit's favpush, which no test here changes.
let apps = 0;
async function emptyApp(): Promise<string> {
  const app = `empty_${++apps}`;
  await kit.addApp(app);
  return app;
}
const appWithSolutions = () => kit.appWithSolutions("import");
/** The article's document, naming `app`. */
const fixtureFor = (app: string) => ({ ...favpushArticleDocument(), app_name: app });

describe("import and export of the solutions document", () => {
  it("previews the article's document (v2's buckets one level too high): two solutions created, nothing changed", async () => {
    const before = await kit.snapshot();
    const res = await kit.call("preview", { body: { document: favpushArticleDocument() } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({
      diff: { added: [...favpushSolutions()], removed: [], changed: [] },
      split: { ok: true },
      changes: true,
      moves: { movedBuckets: 10, moves: [{ from: null, to: "v1", buckets: [0, 1, 2] }, { from: null, to: "v2", buckets: [3, 4, 5, 6, 7, 8, 9] }] },
    });
    // The preview shows the document as it would be exported: buckets inside v2.
    expect((res.json.document as { solutions: Record<string, { buckets: number[] }>[] }).solutions[1]!.v2!.buckets).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(await kit.snapshot()).toEqual(before);
  });

  it("imports it: the draft holds the article's two solutions, audited once", async () => {
    const app = await emptyApp();
    const res = await kit.call("import", { app, body: { version: 0, document: fixtureFor(app) } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ changed: true, draft: { version: 1, solutions: favpushSolutions(), split: { ok: true } } });
    const entries = (await listAudit(kit.database.db, { limit: 10, app, kind: "solutions" })).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "import", target: app });
  });

  it("exports the canonical document as a download; importing the export changes nothing", async () => {
    const app = await appWithSolutions();
    const exported = await kit.call("export", { app });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toBe(`attachment; filename="${app}.solutions.json"`);
    // The app's bucket settings come last, as every release publishes them.
    expect(exported.json).toEqual({
      app_name: app,
      solutions: favpushSolutions().map(({ name, ...body }) => ({ [name]: body })),
      app: { bucket_count: 10, hash_key: "uid", salt: app },
    });
    expect(Object.keys(exported.json)).toEqual(["app_name", "solutions", "app"]);
    // Feature names sorted, keys in the order features, model, fg, buckets.
    expect(Object.keys((exported.json.solutions as Record<string, object>[])[1]!.v2!)).toEqual(["features", "model", "fg", "buckets"]);

    const preview = await kit.call("preview", { app, body: { document: exported.json } });
    expect(preview.json).toMatchObject({ changes: false, diff: { added: [], removed: [], changed: [], unchanged: ["v1", "v2"] }, moves: { movedBuckets: 0 } });
    const before = await kit.snapshot(app);
    const res = await kit.call("import", { app, body: { version: 1, document: exported.json } });
    expect(res.json).toMatchObject({ changed: false, draft: { version: 1 } });
    expect(await kit.snapshot(app)).toEqual(before);
    // The article's own placement is the same content too.
    expect((await kit.call("import", { app, body: { version: 1, document: fixtureFor(app) } })).json).toMatchObject({ changed: false });
  });

  it("previews and applies a change: a solution changed, one removed, one created, buckets moved", async () => {
    const app = await appWithSolutions();
    const document = {
      app_name: app,
      solutions: [
        { v1: { ...bodyOf("v1"), buckets: [0, 1, 2, 3, 4] } },
        { v3: { ...bodyOf("v2"), model: { name: "favpush_dnn", version: "favpush_dnn_v2" }, buckets: [5, 6, 7, 8, 9] } },
      ],
    };
    const preview = await kit.call("preview", { app, body: { document } });
    expect(preview.json).toMatchObject({
      diff: { added: [{ name: "v3" }], removed: [{ name: "v2" }], changed: [{ name: "v1", changes: [{ field: "buckets", added: [3, 4], removed: [] }] }] },
      moves: { movedBuckets: 7, moves: [{ from: "v2", to: "v1", buckets: [3, 4] }, { from: "v2", to: "v3", buckets: [5, 6, 7, 8, 9] }] },
    });
    const res = await kit.call("import", { app, body: { version: 1, document } });
    expect(res.json).toMatchObject({ changed: true, draft: { version: 2, solutions: [{ name: "v1", buckets: [0, 1, 2, 3, 4] }, { name: "v3" }] } });
  });

  it("shows an invalid split in the preview, and the import refuses it (422) without changing anything", async () => {
    const app = await appWithSolutions();
    const document = { app_name: app, solutions: [{ v1: { ...bodyOf("v1"), buckets: [0, 1, 2, 3] } }, { v2: { ...bodyOf("v2"), buckets: [3, 5, 6, 7, 8, 9, 11] } }] };
    const preview = await kit.call("preview", { app, body: { document } });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ split: { ok: false, gaps: [4], overlaps: [{ bucket: 3, solutions: ["v1", "v2"] }], outOfRange: [{ bucket: 11, solution: "v2" }] }, moves: null });
    const before = await kit.snapshot(app);
    const res = await kit.call("import", { app, body: { version: 1, document } });
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toBe(
      "Invalid bucket split: bucket 4 belongs to no solution; bucket 3 belongs to several solutions: v1 and v2; bucket 11 of v2 is outside 0-9",
    );
    expect(await kit.snapshot(app)).toEqual(before);
  });

  it.each([
    ["a document that is not an object", [1, 2], 400, /Invalid solutions document: \$: Expected an object/],
    ["a document without solutions", { app_name: "favpush" }, 400, /\$\.solutions: Expected an array of solutions/],
    ["a duplicate solution name", { app_name: "favpush", solutions: [{ v1: { ...bodyOf("v1"), buckets: [] } }, { v1: { ...bodyOf("v1"), buckets: [] } }] }, 400, /Solution "v1" is defined twice/],
    ["a non-integer bucket", { app_name: "favpush", solutions: [{ v1: { ...bodyOf("v1"), buckets: [0.5] } }] }, 400, /\$\.solutions\[0\]\.v1\.buckets\[0\]: A bucket is a whole number/],
    ["a negative bucket", { app_name: "favpush", solutions: [{ v1: { ...bodyOf("v1"), buckets: [-2] } }] }, 400, /buckets\[0\]: A bucket is at least 0/],
    ["an entry with two names", { app_name: "favpush", solutions: [{ v1: bodyOf("v1"), v2: bodyOf("v2") }] }, 400, /exactly one solution name/],
    ["buckets in both places", { app_name: "favpush", solutions: [{ v1: { ...bodyOf("v1"), buckets: [0] }, buckets: [0] }] }, 400, /both inside "v1" and beside it/],
    ["another app's document", { app_name: "otherapp", solutions: [] }, 422, /This document is for the app "otherapp", not "favpush"/],
    [
      "bucket settings the app does not have",
      { ...favpushArticleDocument(), app: { bucket_count: 10, hash_key: "uid", salt: "favpush-2023" } },
      422,
      /bucket settings are not favpush's: app\.salt is "favpush-2023" but favpush's is "favpush"/,
    ],
    ["a malformed app block", { ...favpushArticleDocument(), app: { bucket_count: "10", hash_key: "uid", salt: "favpush" } }, 400, /\$\.app\.bucket_count: Expected a whole number of buckets/],
    ["no document at all", undefined, 400, /Send the solutions document/],
  ])("refuses %s with a clear error and changes nothing", async (_, document, status, message) => {
    const before = await kit.snapshot();
    for (const route of ["preview", "import"] as const) {
      const res = await kit.call(route, { body: route === "import" ? { version: 0, document } : { document } });
      expect(res.status, `${route}: ${JSON.stringify(res.json)}`).toBe(status);
      expect(res.json.error?.message).toMatch(message);
    }
    expect(await kit.snapshot()).toEqual(before);
  });

  it("lists every issue of a malformed document by JSON path", async () => {
    const res = await kit.call("preview", { body: { document: { app_name: "Fav Push", solutions: [{ v1: { features: {}, model: {}, fg: { class: "x", version: "1" }, buckets: [] } }] } } });
    expect(res.status).toBe(400);
    const paths = (res.json.error?.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["$.app_name", "$.solutions[0].v1.model.name", "$.solutions[0].v1.model.version"]));
  });

  it("answers an import based on an older draft with 409", async () => {
    const app = await appWithSolutions();
    const changed = await kit.call("split", { app, body: { version: 1, buckets: { v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] } } });
    expect(changed.json).toMatchObject({ version: 2 });
    const before = await kit.snapshot(app);
    const res = await kit.call("import", { app, body: { version: 1, document: fixtureFor(app) } });
    expect(res.status).toBe(409);
    expect(res.json.error?.details).toMatchObject({ current: { version: 2 } });
    expect(await kit.snapshot(app)).toEqual(before);
  });
});

function bodyOf(name: "v1" | "v2") {
  const { name: _, buckets: __, ...body } = structuredClone(favpushSolutions().find((s) => s.name === name)!);
  return body;
}
