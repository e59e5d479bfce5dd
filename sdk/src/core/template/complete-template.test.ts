import { describe, expect, it } from "vitest";
import type { TemplateContext } from "./template-types";
import { completeTemplate } from "./complete-template";

const ctx: TemplateContext = {
  tables: [
    { name: "user_tbl", operators: ["getKV"] },
    { name: "goods_tbl", operators: ["getKV"] },
    { name: "graph_cf_tbl", operators: ["getKKV"] },
  ],
  originFields: ["uid", "goods_id"],
  versionKeys: ["favpush_vec_v2", "favpush_cf_v5"],
};

/** `▮` in `marked` is the cursor. */
function complete(marked: string) {
  const cursor = marked.indexOf("▮") + 1;
  const text = marked.slice(0, cursor - 1) + marked.slice(cursor);
  const c = completeTemplate(text, cursor, ctx);
  return { from: c.from, to: c.to, inserts: c.items.map((i) => i.insert) };
}

describe("completeTemplate", () => {
  it.each([
    { marked: "▮", want: { from: 1, to: 1, inserts: ["getKV", "getKKV"] } },
    { marked: "getKK▮", want: { from: 1, to: 6, inserts: ["getKKV"] } },
    { marked: "getkv▮", want: { from: 1, to: 6, inserts: ["getKV"] } },
    { marked: "getKKV ▮", want: { from: 8, to: 8, inserts: ["graph_cf_tbl"] } },
    { marked: "getKV g▮", want: { from: 7, to: 8, inserts: ["goods_tbl"] } },
    { marked: "getX ▮", want: { from: 6, to: 6, inserts: ["user_tbl", "goods_tbl", "graph_cf_tbl"] } },
    { marked: "getKV user_tbl {▮", want: { from: 17, to: 17, inserts: ["uid}", "goods_id}", "version:"] } },
    { marked: "getKV user_tbl {g▮", want: { from: 17, to: 18, inserts: ["goods_id}"] } },
    { marked: "getKV user_tbl {u▮}", want: { from: 17, to: 18, inserts: ["uid"] } },
    { marked: "getKV user_tbl {uid}|{version:fav▮", want: { from: 31, to: 34, inserts: ["favpush_vec_v2}", "favpush_cf_v5}"] } },
    { marked: "getKV user_tbl {version:favpush_c▮}", want: { from: 25, to: 34, inserts: ["favpush_cf_v5"] } },
    { marked: "getKV user_tbl {uid}▮", want: { from: 21, to: 21, inserts: [] } },
    { marked: "getKV user_tbl {uid} x▮", want: { from: 23, to: 23, inserts: [] } },
  ])("$marked", ({ marked, want }) => {
    expect(complete(marked)).toEqual(want);
  });

  it("clamps a cursor outside the text", () => {
    expect(completeTemplate("getKV ", 99, ctx).items.map((i) => i.label)).toEqual(["user_tbl", "goods_tbl"]);
  });
});
