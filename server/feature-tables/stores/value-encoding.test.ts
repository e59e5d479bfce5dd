import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue, normalizeValue } from "./value-encoding";

describe("decodeValue", () => {
  it.each([
    ["json", '{"a":[1,2]}', { a: [1, 2] }],
    ["json", "3.5", 3.5],
    ["string", " keep spaces ", " keep spaces "],
    ["float_vector", "0.1,0.2,-3e2", [0.1, 0.2, -300]],
    ["float_vector", " 1 , 2 ", [1, 2]],
    ["float_vector", "[0.5, 1]", [0.5, 1]],
    ["float_vector", "", []],
  ] as const)("%s %j", (encoding, raw, want) => {
    expect(decodeValue(encoding, raw)).toEqual({ ok: true, value: want });
  });

  it.each([
    ["json", "{bad"],
    ["float_vector", "1,,2"],
    ["float_vector", "1,abc"],
    ["float_vector", "0x1f"],
    ["float_vector", "1,Infinity"],
    ["float_vector", '[1,"2"]'],
    ["float_vector", "[1,2"],
  ] as const)("rejects %s %j", (encoding, raw) => {
    const d = decodeValue(encoding, raw);
    expect(d.ok).toBe(false);
  });
});

describe("encodeValue / normalizeValue", () => {
  it.each([
    ["json", { a: 1 }, '{"a":1}'],
    ["float_vector", [0.1, 2], "0.1,2"],
    ["float_vector", "0.1, 2", "0.1,2"],
    ["string", "x", "x"],
    ["string", 5, "5"],
  ] as const)("%s %j -> %j and back", (encoding, value, text) => {
    expect(encodeValue(encoding, value)).toBe(text);
    const back = decodeValue(encoding, text);
    expect(back).toEqual(normalizeValue(encoding, value));
  });

  it.each([
    ["float_vector", [1, "2"]],
    ["float_vector", { a: 1 }],
    ["string", { a: 1 }],
    ["json", undefined],
  ] as const)("refuses %s %j as bad_request", (encoding, value) => {
    expect(() => encodeValue(encoding, value)).toThrow(expect.objectContaining({ code: "bad_request" }));
  });
});

describe("reasons read as sentences about the value", () => {
  it.each([
    ["float_vector", "abc", '"abc" is not a number'],
    ["float_vector", "1,abc", '"abc" (item 2 of 2) is not a number'],
    ["float_vector", '[1,"2"]', '"2" (item 2 of 2) is not a number'],
    ["float_vector", "[1,2", '"[1,2" is not a JSON array of numbers'],
    ["json", "{bad", '"{bad" is not valid JSON'],
  ] as const)("%s %j", (encoding, raw, reason) => {
    expect(decodeValue(encoding, raw)).toEqual({ ok: false, reason });
  });

  it("names a JSON value that is not a string or a list as it was written", () => {
    expect(normalizeValue("string", { a: 1 })).toEqual({ ok: false, reason: '{"a":1} is not a string' });
    expect(normalizeValue("float_vector", null)).toEqual({ ok: false, reason: "null is not a list of numbers (a JSON array or comma separated numbers)" });
  });
});
