import { describe, expect, it } from "vitest";
import { parseTemplate } from "./parse-template";

describe("parseTemplate: valid templates", () => {
  it("parses the article's getKV template with exact columns", () => {
    const r = parseTemplate("getKV user_tbl {uid}|{version:favpush_vec_v2}");
    expect(r).toEqual({
      ok: true,
      ast: {
        operator: { name: "getKV", start: 1, end: 6 },
        table: { name: "user_tbl", start: 7, end: 15 },
        key: {
          start: 16,
          end: 46,
          parts: [
            { kind: "field", name: "uid", start: 16, end: 21, nameSpan: { start: 17, end: 20 } },
            { kind: "literal", text: "|", start: 21, end: 22 },
            { kind: "version", key: "favpush_vec_v2", start: 22, end: 46, nameSpan: { start: 31, end: 45 } },
          ],
        },
      },
    });
  });

  it.each([
    ["runs of whitespace between the parts", "getKV \t user_tbl   {uid}", { op: [1, 6], table: [9, 17], key: [20, 25] }],
    ["leading and trailing whitespace", "  getKKV t {uid}  ", { op: [3, 9], table: [10, 11], key: [12, 17] }],
    ["a key with literal text only", "getKV t constant", { op: [1, 6], table: [7, 8], key: [9, 17] }],
  ])("accepts %s", (_name, text, cols) => {
    const r = parseTemplate(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect([r.ast.operator.start, r.ast.operator.end]).toEqual(cols.op);
    expect([r.ast.table.start, r.ast.table.end]).toEqual(cols.table);
    expect([r.ast.key.start, r.ast.key.end]).toEqual(cols.key);
  });

  it("splits getKKV keys into fields, literals and versions", () => {
    const r = parseTemplate("getKKV graph_cf_tbl cf:{uid}|{goods_id}|{version:favpush_cf_v5}");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.ast.key.parts.map((p) => (p.kind === "literal" ? p.text : p.kind === "field" ? `F:${p.name}` : `V:${p.key}`))).toEqual([
      "cf:",
      "F:uid",
      "|",
      "F:goods_id",
      "|",
      "V:favpush_cf_v5",
    ]);
  });
});

describe("parseTemplate: errors with their columns (1-based, end exclusive)", () => {
  const cases: { text: string; errors: { code: string; start: number; end: number; suggestion?: string }[] }[] = [
    { text: "", errors: [{ code: "empty_template", start: 1, end: 2 }] },
    { text: "   ", errors: [{ code: "empty_template", start: 4, end: 5 }] },
    { text: "getkv user_tbl {uid}", errors: [{ code: "unknown_operator", start: 1, end: 6, suggestion: "getKV" }] },
    { text: "fetch user_tbl {uid}", errors: [{ code: "unknown_operator", start: 1, end: 6 }] },
    { text: "getKV", errors: [{ code: "missing_table", start: 6, end: 7 }] },
    { text: "getKV ", errors: [{ code: "missing_table", start: 7, end: 8 }] },
    { text: "getKV 1tbl {uid}", errors: [{ code: "bad_table_name", start: 7, end: 11 }] },
    { text: "getKV user_tbl", errors: [{ code: "empty_key", start: 15, end: 16 }] },
    { text: "getKV user_tbl {uid", errors: [{ code: "unbalanced_brace", start: 16, end: 17 }] },
    { text: "getKV user_tbl uid}", errors: [{ code: "unbalanced_brace", start: 19, end: 20 }] },
    { text: "getKV user_tbl {{uid}", errors: [{ code: "unbalanced_brace", start: 16, end: 17 }] },
    { text: "getKV user_tbl {}", errors: [{ code: "empty_placeholder", start: 16, end: 18 }] },
    { text: "getKV user_tbl {1uid}", errors: [{ code: "bad_placeholder_name", start: 17, end: 21 }] },
    { text: "getKV user_tbl { uid }", errors: [{ code: "bad_placeholder_name", start: 17, end: 22 }] },
    { text: "getKV user_tbl {version}", errors: [{ code: "bad_placeholder_name", start: 17, end: 24 }] },
    { text: "getKV user_tbl {version:a/b}", errors: [{ code: "bad_placeholder_name", start: 25, end: 28 }] },
    { text: "getKV user_tbl {version:}", errors: [{ code: "empty_version_key", start: 25, end: 26 }] },
    { text: "getKV user_tbl {ver:abc}", errors: [{ code: "unknown_placeholder_kind", start: 17, end: 20 }] },
    { text: "getKV user_tbl {:abc}", errors: [{ code: "unknown_placeholder_kind", start: 17, end: 18 }] },
    { text: "getKV user_tbl {uid} extra", errors: [{ code: "trailing_text", start: 22, end: 27 }] },
    { text: "getKV user_tbl {uid} extra  more  ", errors: [{ code: "trailing_text", start: 22, end: 33 }] },
    {
      text: "getkv user_tbl {}|{uid",
      errors: [
        { code: "unknown_operator", start: 1, end: 6, suggestion: "getKV" },
        { code: "empty_placeholder", start: 16, end: 18 },
        { code: "unbalanced_brace", start: 19, end: 20 },
      ],
    },
    {
      text: "getKKV t {a-b}|{version:}|} tail",
      errors: [
        { code: "bad_placeholder_name", start: 11, end: 14 },
        { code: "empty_version_key", start: 25, end: 26 },
        { code: "unbalanced_brace", start: 27, end: 28 },
        { code: "trailing_text", start: 29, end: 33 },
      ],
    },
  ];

  it.each(cases)("$text", ({ text, errors }) => {
    const r = parseTemplate(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(({ code, start, end, suggestion }) => ({ code, start, end, ...(suggestion ? { suggestion } : {}) }))).toEqual(errors);
    for (const e of r.errors) expect(e.message.length).toBeGreaterThan(10);
  });
});
