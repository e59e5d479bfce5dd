import { describe, expect, it } from "vitest";
import { formatG, JsonFloat, parseTfsJson, stringifyTfsJson } from "./tfs-json";

describe("TF Serving JSON", () => {
  it("writes floats with a decimal point and float32 values at their shortest", () => {
    const floats = [2.5, 3, 4.5].map((v) => new JsonFloat(Math.fround(v), true));
    expect(stringifyTfsJson({ predictions: floats })).toBe('{"predictions":[2.5,3.0,4.5]}');
    expect(stringifyTfsJson([new JsonFloat(Math.fround(0.1), true), new JsonFloat(0.1), 7])).toBe("[0.1,0.1,7]");
    expect(stringifyTfsJson([new JsonFloat(NaN), new JsonFloat(-Infinity)])).toBe("[NaN,-Infinity]");
  });

  it("prints numbers as TF Serving's WriteDecimal: %g with 6 digits, else 9 (float) or 17 (double)", () => {
    const f = (v: number) => stringifyTfsJson(new JsonFloat(Math.fround(v), true));
    expect([9000000, 0.00003, 1234567, 100, 1e-5, 123456, 0.5].map(f)).toEqual(["9e+06", "3e-05", "1234567.0", "100.0", "1e-05", "123456.0", "0.5"]);
    expect(f(3.14159274)).toBe("3.14159274");
    expect(stringifyTfsJson(new JsonFloat(1 / 3))).toBe("0.33333333333333331");
    expect(stringifyTfsJson(new JsonFloat(-0))).toBe("-0.0");
    expect(formatG(1e21, 6)).toBe("1e+21");
    expect(formatG(0.0001, 6)).toBe("0.0001");
  });

  it("reads NaN and Infinity tokens but leaves strings alone", () => {
    const parsed = parseTfsJson('{"a": [NaN, -Infinity, Infinity], "s": "NaN \\" Infinity"}') as { a: number[]; s: string };
    expect(parsed.a[0]).toBeNaN();
    expect(parsed.a.slice(1)).toEqual([-Infinity, Infinity]);
    expect(parsed.s).toBe('NaN " Infinity');
    expect(() => parseTfsJson("{bad")).toThrow(SyntaxError);
  });
});
