import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { checkStorableText, findUnstorableText, unstorableCharacter } from "./unstorable-text";

// Built from escapes, as JSON.parse builds them out of a request body.
const parsed = (json: string): unknown => JSON.parse(json);

describe("unstorableCharacter", () => {
  it.each([
    ["plain text", "favpush salt", null],
    ["an emoji (a valid surrogate pair)", "salt 😀", null],
    ["text from other scripts", "ಕನ್ನಡ 中文 עברית", null],
    ["the empty string", "", null],
    ["U+0000", "a\u0000b", "U+0000"],
    ["U+0000 alone", "\u0000", "U+0000"],
    ["a lone high surrogate", "salt\uD800", "U+D800"],
    ["a lone low surrogate", "\uDC00salt", "U+DC00"],
    ["a reversed pair", "\uDE00\uD83D", "U+DE00"],
    ["a high surrogate before another high one", "\uD83D\uD83D\uDE00", "U+D83D"],
  ])("%s", (_, text, character) => {
    expect(unstorableCharacter(text)?.character ?? null).toBe(character);
  });
});

describe("findUnstorableText", () => {
  it("names the dotted path of the first bad string in document order", () => {
    const body = parsed('{"name":"ok","origin":{"uid":"1","goods":"a\\u0000"},"later":"\\ud800"}');
    expect(findUnstorableText(body)).toMatchObject({ path: "origin.goods", character: "U+0000" });
  });

  it("names array elements by index, as zod does", () => {
    expect(findUnstorableText(parsed('{"rows":[{"key":"1"},{"key":"2","values":["x","\\udfff"]}]}'))).toMatchObject({ path: "rows.1.values.1", character: "U+DFFF" });
  });

  it("finds a bad key and shows it escaped", () => {
    const bad = findUnstorableText(parsed('{"origin":{"u\\u0000id":1}}'));
    expect(bad).toMatchObject({ path: "origin.u\\u0000id", character: "U+0000" });
    expect(bad?.reason).toMatch(/^has a key that contains U\+0000/);
  });

  it("accepts well-formed values of every JSON type", () => {
    expect(findUnstorableText(parsed('{"a":[1,true,null,{"b":"c 😀"}],"d":-1.5e3,"e":""}'))).toBeNull();
    expect(findUnstorableText(null)).toBeNull();
    expect(findUnstorableText(42)).toBeNull();
  });

  it("says which line of a multi-line value (a feature-table file) holds the character", () => {
    expect(findUnstorableText({ text: "k1\t1\nk2\t2\nk3\t\u0000\n" })).toMatchObject({ path: "text", line: 3, reason: expect.stringMatching(/\(line 3\)$/) });
    expect(findUnstorableText({ text: "\uD800\nk2" })).toMatchObject({ path: "text", line: 1 });
    expect(findUnstorableText({ name: "a\u0000" })).not.toHaveProperty("line");
  });

  it("reports whichever comes first of a NUL and a lone surrogate", () => {
    expect(unstorableCharacter("a\uDC00b\u0000")?.character).toBe("U+DC00");
    expect(unstorableCharacter("a\u0000b\uDC00")?.character).toBe("U+0000");
  });

  it("checks a top-level string", () => {
    expect(findUnstorableText("x\u0000")).toMatchObject({ path: "", character: "U+0000" });
  });

  it("walks nesting deeper than the call stack allows recursion", () => {
    const depth = 200_000;
    const deep = parsed(`${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`);
    expect(findUnstorableText(deep)?.path.split(".")).toHaveLength(depth);
  });
});

describe("checkStorableText", () => {
  it("refuses with 400 invalid_text naming where and the field", () => {
    const run = () => checkStorableText(parsed('{"salt":"s\\ud800"}'), "body");
    expect(run).toThrow(AppError);
    try {
      run();
    } catch (e) {
      const err = e as AppError;
      expect(err).toMatchObject({ code: "invalid_text", status: 400, message: 'Invalid body field "salt": it contains a lone UTF-16 surrogate (U+D800), which is not valid Unicode.' });
      expect(err.details).toEqual({ where: "body", field: "salt", character: "U+D800", issues: [{ path: "salt", message: expect.stringContaining("U+D800") }] });
    }
  });

  it("lets storable text through", () => {
    expect(() => checkStorableText({ app: "favpush", q: "ಕನ್ನಡ" }, "query")).not.toThrow();
  });
});
