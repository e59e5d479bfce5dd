import { describe, expect, it } from "vitest";
import { checkOriginTypes, fieldsFromOrigin, originFromFields, originJsonFromFields, parseOriginJson, trialKey } from "./origin-draft";

const app = {
  originFields: [
    { name: "uid", type: "string" as const },
    { name: "age", type: "int" as const },
    { name: "score", type: "float" as const },
    { name: "vip", type: "bool" as const },
  ],
};

describe("origin fields <-> raw JSON", () => {
  it("turns typed-in fields into JSON with their declared types", () => {
    const text = originJsonFromFields(app, { uid: "u1", age: "42", score: "0.5", vip: "true" });
    expect(JSON.parse(text)).toEqual({ uid: "u1", age: 42, score: 0.5, vip: true });
  });

  it("keeps a value that does not fit its type as the text typed, so switching loses nothing", () => {
    expect(JSON.parse(originJsonFromFields(app, { uid: "u1", age: "forty" }))).toEqual({ uid: "u1", age: "forty" });
  });

  it("leaves empty fields out", () => {
    expect(JSON.parse(originJsonFromFields(app, { uid: "u1", age: "  " }))).toEqual({ uid: "u1" });
  });

  it("turns JSON back into the field texts, keeping undeclared keys aside", () => {
    expect(fieldsFromOrigin(app, { uid: "u1", age: 42, vip: false, country: "FR" })).toEqual({
      fields: { uid: "u1", age: "42", vip: "false" },
      extras: { country: "FR" },
    });
  });

  it("round-trips fields -> JSON -> fields, extras included", () => {
    const fields = { uid: "u 7", age: "-3", score: "1.25", vip: "false" };
    const extras = { tags: ["a", "b"] };
    const back = fieldsFromOrigin(app, JSON.parse(originJsonFromFields(app, fields, extras)) as Record<string, unknown>);
    expect(back).toEqual({ fields, extras });
  });

  it("says what is wrong with text that is not a JSON object", () => {
    expect(parseOriginJson("{uid: 1}")).toEqual({ error: expect.stringMatching(/^Not valid JSON/) });
    expect(parseOriginJson("[1]")).toEqual({ error: expect.stringMatching(/must be a JSON object/) });
    expect(parseOriginJson('{"uid":"u1"}')).toEqual({ origin: { uid: "u1" } });
  });

  it("checks field-by-field text against the declared types", () => {
    expect(originFromFields(app, { uid: "u1", age: "4.5", vip: "yes" }).errors).toEqual({ age: "A whole number", vip: "true or false" });
  });
});

describe("checkOriginTypes", () => {
  it("names each field whose value is not of its declared type", () => {
    const errors = checkOriginTypes(app, { uid: 7, age: "12", score: "0.5", vip: 1 });
    expect(errors).toEqual({
      uid: '"uid" is declared string, but is the whole number 7',
      age: '"age" is declared int, but is the string "12"',
      score: '"score" is declared float, but is the string "0.5"',
      vip: '"vip" is declared bool, but is the whole number 1',
    });
  });

  it("refuses a fraction for an int and accepts well-typed values and undeclared keys", () => {
    expect(checkOriginTypes(app, { age: 1.5 })).toEqual({ age: '"age" is declared int, but is the number 1.5' });
    expect(checkOriginTypes(app, { uid: "u1", age: 3, score: 2, vip: true, other: [1] })).toEqual({});
  });
});

describe("trialKey", () => {
  const base = { app: "favpush", origin: { uid: "u1", age: 3 }, config: "published", compare: null };

  it("is the same for the same request, whatever the key order or spacing", () => {
    expect(trialKey(base)).toBe(trialKey({ ...base, origin: { age: 3, uid: "u1" }, bucket: "", solution: "  " }));
    expect(trialKey({ ...base, bucket: 4 })).toBe(trialKey({ ...base, bucket: " 4 " }));
  });

  it("differs when anything asked changes", () => {
    const k = trialKey(base);
    expect(trialKey({ ...base, origin: { uid: "u2", age: 3 } })).not.toBe(k);
    expect(trialKey({ ...base, config: "draft" })).not.toBe(k);
    expect(trialKey({ ...base, solution: "v2" })).not.toBe(k);
    expect(trialKey({ ...base, compare: { config: "draft" } })).not.toBe(k);
    expect(trialKey({ ...base, origin: '{"uid": "u1", ' })).not.toBe(k);
  });
});
