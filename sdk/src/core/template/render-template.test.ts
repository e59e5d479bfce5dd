import { describe, expect, it } from "vitest";
import { CoreError } from "../core-error";
import { parseTemplate } from "./parse-template";
import { renderTemplate, renderTemplateText } from "./render-template";

const versions: Record<string, string> = { favpush_vec_v2: "20200116", favpush_cf_v5: "5" };
const resolve = (key: string) => versions[key];
const CF = "getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}";

function ast(text: string) {
  const r = parseTemplate(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.ast;
}

function renderError(text: string, origin: Record<string, unknown>): CoreError {
  try {
    renderTemplate(ast(text), origin, resolve);
  } catch (e) {
    if (e instanceof CoreError) return e;
    throw e;
  }
  throw new Error("rendered without error");
}

describe("renderTemplate", () => {
  it("renders the article's cf template", () => {
    expect(renderTemplate(ast(CF), { uid: 234, goods_id: 123 }, resolve)).toEqual({
      operator: "getKKV",
      table: "graph_cf_tbl",
      key: "234|123|5",
    });
  });

  it.each([
    [1.5, "1.5"],
    [1e21, "1e+21"],
    [-0, "0"],
    [12345678901234567890n, "12345678901234567890"],
    [true, "true"],
    ["u 1", "u 1"],
  ])("renders %s like String(value)", (value, want) => {
    expect(renderTemplate(ast("getKV t u:{uid}"), { uid: value }, resolve).key).toBe(`u:${want}`);
  });

  it.each([
    { origin: {}, names: ["uid", "goods_id"] },
    { origin: { uid: null, goods_id: 1 }, names: ["uid"] },
    { origin: { uid: "", goods_id: 1 }, names: ["uid"] },
    { origin: { uid: 1, goods_id: { id: 1 } }, names: ["goods_id"] },
    { origin: { uid: Number.NaN, goods_id: 1 }, names: ["uid"] },
  ])("rejects missing or unrenderable fields $origin, naming $names", ({ origin, names }) => {
    const e = renderError(CF, origin);
    expect(e.code).toBe("bad_request");
    for (const n of names) expect(e.message).toContain(`"${n}"`);
    expect(e.message).not.toMatch(/undefined|null|\[object/);
    expect(e.details).toMatchObject({ problems: names.map((name) => ({ kind: "field", name })) });
  });

  it("rejects an unresolved version key, naming it, together with a missing field", () => {
    const e = renderError("getKV t {uid}|{version:nope}", {});
    expect(e.code).toBe("bad_request");
    expect(e.message).toContain('"nope"');
    expect(e.details).toEqual({
      problems: [
        { kind: "field", name: "uid", reason: "is missing" },
        { kind: "version", name: "nope", reason: "has no online version" },
      ],
    });
  });

  it("renderTemplateText refuses a template that does not parse", () => {
    expect(() => renderTemplateText("getKV t {uid", { uid: 1 }, resolve)).toThrow(
      expect.objectContaining({ code: "unprocessable" }),
    );
    expect(renderTemplateText("getKV t {uid}", { uid: 1 }, resolve).key).toBe("1");
  });
});
