import { describe, expect, it } from "vitest";
import { JsonNumber, jsonValueToString, parseRapidJson } from "./rapid-json";

// TF Serving reads REST bodies with RapidJSON: number tokens keep their kind.
describe("RapidJSON-compatible parsing", () => {
  it("keeps integers and decimals apart, with int32/int64/uint64 ranges", () => {
    const [a, b, c, d, e] = parseRapidJson("[2, 2.0, 9223372036854775808, 18446744073709551616, -Infinity]") as JsonNumber[];
    expect([a?.isDouble, a?.isInt32(), b?.isDouble]).toEqual([false, true, true]);
    expect([c?.isInt64(), c?.isUint64()]).toEqual([false, true]);
    expect(d?.isDouble).toBe(true); // beyond uint64: a double, as RapidJSON reads it
    expect(e?.value).toBe(-Infinity);
  });

  it("fails with RapidJSON's messages and byte offsets", () => {
    const error = (text: string) => {
      try {
        parseRapidJson(text);
      } catch (e) {
        return (e as Error).message;
      }
      return "parsed";
    };
    expect(error('{"é": 1 2}')).toBe("Missing a comma or '}' after an object member. at offset: 9");
    expect(error("[1e]")).toBe("Miss exponent in number. at offset: 3");
    expect(error("[1] x")).toBe("The document root must not be followed by other values. at offset: 4");
    expect(error('"a\\q"')).toBe("Invalid escape character in string. at offset: 3");
    expect(error("[-]")).toBe("Invalid value. at offset: 1");
  });

  it("prints values for messages like TF Serving's JsonValueToString", () => {
    expect(jsonValueToString(parseRapidJson('{"a": [1, 2.50, "x"], "b": {}, "c": []}'))).toBe('{\n    "a": [\n        1,\n        2.5,\n        "x"\n    ],\n    "b": {},\n    "c": []\n}');
    expect(jsonValueToString(parseRapidJson("1E3"))).toBe("1000.0");
    expect(jsonValueToString(parseRapidJson("9000000.0"))).toBe("9e+06");
  });
});
