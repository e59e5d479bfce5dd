import { describe, expect, it } from "vitest";
import type { TemplateContext } from "./template-types";
import { parseTemplate } from "./parse-template";
import { checkTemplate, validateTemplate } from "./validate-template";

const ctx: TemplateContext = {
  tables: [
    { name: "user_tbl", operators: ["getKV"] },
    { name: "goods_tbl", operators: ["getKV"] },
    { name: "graph_cf_tbl", operators: ["getKKV"] },
  ],
  originFields: ["uid", "goods_id"],
  versionKeys: ["favpush_vec_v2", "favpush_cf_v5"],
};

function validate(text: string) {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(`does not parse: ${JSON.stringify(parsed.errors)}`);
  return validateTemplate(parsed.ast, ctx).map(({ code, start, end, suggestion }) => ({ code, start, end, suggestion }));
}

describe("validateTemplate", () => {
  it.each([
    "getKV user_tbl {uid}|{version:favpush_vec_v2}",
    "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}",
    "getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}",
  ])("accepts the article's template %s", (text) => {
    expect(validate(text)).toEqual([]);
  });

  it.each([
    { text: "getKV user_tbll {uid}", want: [{ code: "unknown_table", start: 7, end: 16, suggestion: "user_tbl" }] },
    { text: "getKV nowhere {uid}", want: [{ code: "unknown_table", start: 7, end: 14, suggestion: undefined }] },
    { text: "getKKV user_tbl {uid}", want: [{ code: "operator_not_served", start: 1, end: 7, suggestion: "getKV" }] },
    { text: "getKV user_tbl {uidd}", want: [{ code: "unknown_field", start: 17, end: 21, suggestion: "uid" }] },
    {
      text: "getKV user_tbl {uid}|{version:favpush_vec_v3}",
      want: [{ code: "unknown_version_key", start: 31, end: 45, suggestion: "favpush_vec_v2" }],
    },
    {
      text: "getKV graph_cf_tbl {shop}|{version:other}",
      want: [
        { code: "operator_not_served", start: 1, end: 6, suggestion: "getKKV" },
        { code: "unknown_field", start: 21, end: 25, suggestion: undefined },
        { code: "unknown_version_key", start: 36, end: 41, suggestion: undefined },
      ],
    },
  ])("$text", ({ text, want }) => {
    expect(validate(text)).toEqual(want);
  });

  it("checkTemplate returns parse errors without validating, and the ast when valid", () => {
    expect(checkTemplate("getKV nowhere {", ctx)).toMatchObject({ ok: false, errors: [{ code: "unbalanced_brace" }] });
    const good = checkTemplate("getKV user_tbl {uid}", ctx);
    expect(good.ok).toBe(true);
    expect(good.ast?.table.name).toBe("user_tbl");
  });
});
