import { describe, expect, it } from "vitest";
import { SolutionsDocumentSchema, type Solution } from "@/server/contracts/solutions";
import { exportSolutionsDocument } from "./export-solutions-document";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { favpushArticleDocument, favpushSolution, favpushSolutions } from "@/db/seed/favpush";

const render = (appName: string, solutions: readonly Solution[]) =>
  JSON.stringify(exportSolutionsDocument({ appName, solutions }), null, 2);

// The published bytes: key order features, model, fg, buckets; features by name; v2's buckets inside.
const FAVPUSH_PUBLISHED = `{
  "app_name": "favpush",
  "solutions": [
    {
      "v1": {
        "features": {
          "goods_vec": "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}",
          "user_vec": "getKV user_tbl {uid}|{version:favpush_vec_v2}"
        },
        "model": {
          "name": "favpush_lr",
          "version": "favpush_lr_v1"
        },
        "fg": {
          "class": "com.xxx.ranking.fg.LRFg",
          "version": "v2"
        },
        "buckets": [
          0,
          1,
          2
        ]
      }
    },
    {
      "v2": {
        "features": {
          "cf": "getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}",
          "goods_vec": "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}",
          "user_vec": "getKV user_tbl {uid}|{version:favpush_vec_v2}"
        },
        "model": {
          "name": "favpush_dnn",
          "version": "favpush_dnn_v1"
        },
        "fg": {
          "class": "com.xxx.ranking.fg.DNNFg",
          "version": "v2"
        },
        "buckets": [
          3,
          4,
          5,
          6,
          7,
          8,
          9
        ]
      }
    }
  ]
}`;

describe("exportSolutionsDocument", () => {
  it("writes the imported fixture in canonical form, buckets inside every solution", () => {
    const { appName, solutions } = parseSolutionsDocument(favpushArticleDocument());
    expect(render(appName, solutions)).toBe(FAVPUSH_PUBLISHED);
  });

  it("gives a document of the published shape", () => {
    const doc = exportSolutionsDocument({ appName: "favpush", solutions: favpushSolutions() });
    expect(SolutionsDocumentSchema.safeParse(doc).success).toBe(true);
  });

  // Each variant holds the same solutions built in another order: the bytes must not differ.
  const reordered: { name: string; solutions: Solution[] }[] = [
    {
      name: "buckets in reverse",
      solutions: favpushSolutions().map((s) => ({ ...s, buckets: [...s.buckets].reverse() })),
    },
    {
      name: "features and keys inserted in reverse",
      solutions: favpushSolutions().map((s) => ({
        buckets: s.buckets,
        fg: { version: s.fg.version, class: s.fg.class },
        model: { version: s.model.version, name: s.model.name },
        features: Object.fromEntries(Object.entries(s.features).reverse()),
        name: s.name,
      })),
    },
  ];

  it.each(reordered)("is byte-stable with $name", ({ solutions }) => {
    expect(render("favpush", solutions)).toBe(FAVPUSH_PUBLISHED);
  });

  const roundTrips: { name: string; solutions: Solution[] }[] = [
    { name: "the fixture's solutions", solutions: [...favpushSolutions()] },
    { name: "no solutions", solutions: [] },
    {
      name: "an idle solution and odd names",
      solutions: [
        favpushSolution("v2", { name: "2.b-x", buckets: [] }),
        favpushSolution("v1", { name: "A_1", features: {}, buckets: [9999, 0] }),
      ],
    },
  ];

  it("writes the app's bucket settings last, and reads them back", () => {
    const app = { bucketCount: 10, hashKey: "device_id", salt: "ab-2024" };
    const exported = exportSolutionsDocument({ appName: "favpush", solutions: favpushSolutions(), app });
    expect(Object.keys(exported)).toEqual(["app_name", "solutions", "app"]);
    expect(exported.app).toEqual({ bucket_count: 10, hash_key: "device_id", salt: "ab-2024" });
    const imported = parseSolutionsDocument(JSON.parse(JSON.stringify(exported)));
    expect(imported).toEqual({ appName: "favpush", solutions: favpushSolutions(), settings: exported.app });
    // Without the block the bytes are the article's document, as before.
    expect(JSON.stringify({ app_name: exported.app_name, solutions: exported.solutions }, null, 2)).toBe(FAVPUSH_PUBLISHED);
  });

  it.each(roundTrips)("import(export(x)) == x for $name", ({ solutions }) => {
    const exported = exportSolutionsDocument({ appName: "favpush", solutions });
    const imported = parseSolutionsDocument(JSON.parse(JSON.stringify(exported)));
    const canonical = solutions.map((s) => ({ ...s, buckets: [...s.buckets].sort((a, b) => a - b) }));
    expect(imported).toEqual({ appName: "favpush", solutions: canonical });
    expect(render(imported.appName, imported.solutions)).toBe(JSON.stringify(exported, null, 2));
  });
});
