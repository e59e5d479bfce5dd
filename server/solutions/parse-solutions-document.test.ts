import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { favpushArticleDocument, favpushSolutions } from "@/db/seed/favpush";
import { parseSolutionsDocument, type DocumentIssue } from "./parse-solutions-document";

type Doc = Record<string, unknown>;

/** The fixture's array entries, typed loosely enough to break them on purpose. */
function entries(doc: Doc): Record<string, Record<string, unknown>>[] {
  return doc.solutions as Record<string, Record<string, unknown>>[];
}

function entry(doc: Doc, index: number): Record<string, Record<string, unknown>> {
  const found = entries(doc)[index];
  if (!found) throw new Error(`fixture has no solution ${index}`);
  return found;
}

function body(doc: Doc, index: number, name: string): Record<string, unknown> {
  const found = entry(doc, index)[name];
  if (!found) throw new Error(`fixture has no solution ${name}`);
  return found;
}

function issuesOf(input: unknown): DocumentIssue[] {
  try {
    parseSolutionsDocument(input);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe("bad_request");
    return (error.details as { issues: DocumentIssue[] }).issues;
  }
  throw new Error("expected the document to be rejected");
}

describe("parseSolutionsDocument accepts", () => {
  const cases: { name: string; change: (doc: Doc) => void; solutions?: ReturnType<typeof favpushSolutions> }[] = [
    { name: "the article's fixture (v2 buckets beside the solution)", change: () => {} },
    {
      name: "every buckets list inside its solution",
      change: (doc) => {
        const { buckets } = entry(doc, 1) as { buckets?: unknown };
        delete entry(doc, 1).buckets;
        body(doc, 1, "v2").buckets = buckets;
      },
    },
    {
      name: "every buckets list beside its solution",
      change: (doc) => {
        (entry(doc, 0) as Record<string, unknown>).buckets = body(doc, 0, "v1").buckets;
        delete body(doc, 0, "v1").buckets;
      },
    },
    {
      name: "unsorted buckets, returned ascending",
      change: (doc) => {
        body(doc, 0, "v1").buckets = [2, 0, 1];
      },
    },
  ];

  it.each(cases)("$name", ({ change }) => {
    const doc = favpushArticleDocument();
    change(doc);
    expect(parseSolutionsDocument(doc)).toEqual({ appName: "favpush", solutions: favpushSolutions() });
  });

  it("a solution with no buckets and no features", () => {
    const doc = {
      app_name: "favpush",
      solutions: [{ idle: { features: {}, model: { name: "m", version: "1" }, fg: { class: "F", version: "1" }, buckets: [] } }],
    };
    expect(parseSolutionsDocument(doc).solutions).toEqual([
      { name: "idle", features: {}, model: { name: "m", version: "1" }, fg: { class: "F", version: "1" }, buckets: [] },
    ]);
  });

  it("the app's bucket settings the console publishes (the `app` block)", () => {
    const doc = { ...favpushArticleDocument(), app: { bucket_count: 10, hash_key: "device_id", salt: "ab-2024" } };
    expect(parseSolutionsDocument(doc)).toEqual({
      appName: "favpush",
      solutions: favpushSolutions(),
      settings: { bucket_count: 10, hash_key: "device_id", salt: "ab-2024" },
    });
  });

  it("keeps the order of the solutions", () => {
    const doc = favpushArticleDocument();
    entries(doc).reverse();
    expect(parseSolutionsDocument(doc).solutions.map((s) => s.name)).toEqual(["v2", "v1"]);
  });
});

describe("parseSolutionsDocument rejects, naming every problem by its JSON path", () => {
  const cases: { name: string; input: (doc: Doc) => unknown; issues: [path: string, message: RegExp][] }[] = [
    { name: "an array", input: () => [], issues: [["$", /Expected an object/]] },
    { name: "null", input: () => null, issues: [["$", /Expected an object/]] },
    {
      name: "an unknown top-level field",
      input: (doc) => ({ ...doc, version: 3 }),
      issues: [["$.version", /Unknown field "version"/]],
    },
    {
      name: "an app block that is not an object",
      input: (doc) => ({ ...doc, app: "favpush" }),
      issues: [["$.app", /Expected an object \{ "bucket_count", "hash_key", "salt" \}/]],
    },
    {
      name: "bad bucket settings in the app block",
      input: (doc) => ({ ...doc, app: { bucket_count: 0, hash_key: "", salt: 7, seed: 1 } }),
      issues: [
        ["$.app.bucket_count", /At least 1 bucket/],
        ["$.app.hash_key", /Name the origin field/],
        ["$.app.salt", /salt as text/],
        ["$.app.seed", /Unknown field "seed"/],
      ],
    },
    {
      name: "a missing app name and a solutions object",
      input: () => ({ solutions: {} }),
      issues: [
        ["$.app_name", /expected string/],
        ["$.solutions", /Expected an array/],
      ],
    },
    {
      name: "an entry that is not an object",
      input: (doc) => ({ ...doc, solutions: ["v1"] }),
      issues: [["$.solutions[0]", /Expected an object/]],
    },
    {
      name: "two solutions in one entry",
      input: (doc) => ({ ...doc, solutions: [{ ...entry(doc, 0), v3: body(doc, 0, "v1") }] }),
      issues: [["$.solutions[0]", /exactly one solution name .* found "v1", "v3"/]],
    },
    {
      name: "an entry holding only buckets",
      input: (doc) => ({ ...doc, solutions: [{ buckets: [0] }] }),
      issues: [["$.solutions[0]", /found none/]],
    },
    {
      name: "a solution name with a space",
      input: (doc) => ({ ...doc, solutions: [{ "v 1": body(doc, 0, "v1") }] }),
      issues: [['$.solutions[0]["v 1"]', /letters, digits/]],
    },
    {
      name: "a duplicate solution name",
      input: (doc) => ({ ...doc, solutions: [entry(doc, 0), entry(doc, 0)] }),
      issues: [["$.solutions[1].v1", /"v1" is defined twice \(first at \$\.solutions\[0\]\)/]],
    },
    {
      name: "a duplicate solution name whose first copy is invalid",
      input: (doc) => ({ ...doc, solutions: [{ v1: { ...body(doc, 0, "v1"), model: null } }, entry(doc, 0)] }),
      issues: [
        ["$.solutions[0].v1.model", /expected object/],
        ["$.solutions[1].v1", /"v1" is defined twice/],
      ],
    },
    {
      name: "non-integer, negative and text buckets inside",
      input: (doc) => {
        body(doc, 0, "v1").buckets = [0, 1.5, -1, "2"];
        return doc;
      },
      issues: [
        ["$.solutions[0].v1.buckets[1]", /whole number/],
        ["$.solutions[0].v1.buckets[2]", /at least 0/],
        ["$.solutions[0].v1.buckets[3]", /expected number/],
      ],
    },
    {
      name: "a non-integer bucket beside the solution, at its real path",
      input: (doc) => {
        (entry(doc, 1) as Record<string, unknown>).buckets = [3, 4.5];
        return doc;
      },
      issues: [["$.solutions[1].buckets[1]", /whole number/]],
    },
    {
      name: "a bucket listed twice",
      input: (doc) => {
        body(doc, 0, "v1").buckets = [0, 1, 0];
        return doc;
      },
      issues: [["$.solutions[0].v1.buckets[2]", /Bucket 0 is listed twice/]],
    },
    {
      name: "buckets in both placements",
      input: (doc) => {
        body(doc, 1, "v2").buckets = [3];
        return doc;
      },
      issues: [["$.solutions[1].buckets", /both inside "v2" and beside it/]],
    },
    {
      name: "buckets in neither placement",
      input: (doc) => {
        delete entry(doc, 1).buckets;
        return doc;
      },
      issues: [["$.solutions[1].v2.buckets", /Missing buckets/]],
    },
    {
      name: "a model without version and with an unknown field",
      input: (doc) => {
        body(doc, 0, "v1").model = { name: "favpush_lr", label: "stable" };
        return doc;
      },
      issues: [
        ["$.solutions[0].v1.model.version", /expected string/],
        ["$.solutions[0].v1.model.label", /Unknown field "label"/],
      ],
    },
    {
      name: "a misspelt solution field",
      input: (doc) => {
        const v1 = body(doc, 0, "v1");
        v1.feature = v1.features;
        delete v1.features;
        return doc;
      },
      issues: [
        ["$.solutions[0].v1.features", /expected record/],
        ["$.solutions[0].v1.feature", /Unknown field "feature"/],
      ],
    },
    {
      name: "a reserved feature name and an empty template",
      input: (doc) => {
        body(doc, 0, "v1").features = { origin: "getKV t {uid}", user_vec: "" };
        return doc;
      },
      issues: [
        ["$.solutions[0].v1.features.origin", /Invalid name: .*featureMap entries/],
        ["$.solutions[0].v1.features.user_vec", /Enter a query template/],
      ],
    },
    {
      name: "a solution body that is not an object",
      input: (doc) => ({ ...doc, solutions: [{ v1: [0, 1] }] }),
      issues: [["$.solutions[0].v1", /Expected an object \{ features/]],
    },
  ];

  it.each(cases)("$name", ({ input, issues }) => {
    const found = issuesOf(input(favpushArticleDocument()));
    expect(found.map((issue) => issue.path)).toEqual(issues.map(([path]) => path));
    issues.forEach(([, message], i) => expect(found[i]?.message).toMatch(message));
  });

  it("lists problems of several solutions at once and summarizes them in the message", () => {
    const doc: Doc = favpushArticleDocument();
    body(doc, 0, "v1").buckets = [0.5];
    body(doc, 1, "v2").model = {};
    doc.extra = true;
    const error = (() => {
      try {
        parseSolutionsDocument(doc);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    const { message, details } = error as AppError;
    expect((details as { issues: DocumentIssue[] }).issues.map((i) => i.path)).toEqual([
      "$.extra",
      "$.solutions[0].v1.buckets[0]",
      "$.solutions[1].v2.model.name",
      "$.solutions[1].v2.model.version",
    ]);
    expect(message).toMatch(/^Invalid solutions document: \$\.extra: Unknown field "extra"; .* \(and 1 more\)$/);
  });
});
