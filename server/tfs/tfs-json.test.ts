import { describe, expect, it } from "vitest";
import { JsonFloat, parseTfsJson, stringifyTfsJson } from "./tfs-json";

describe("TF Serving JSON", () => {
  it("writes floats with a decimal point and float32 values at their shortest", () => {
    const floats = [2.5, 3, 4.5].map((v) => new JsonFloat(Math.fround(v), true));
    expect(stringifyTfsJson({ predictions: floats })).toBe('{"predictions":[2.5,3.0,4.5]}');
    expect(stringifyTfsJson([new JsonFloat(Math.fround(0.1), true), new JsonFloat(0.1), 7])).toBe("[0.1,0.1,7]");
    expect(stringifyTfsJson([new JsonFloat(NaN), new JsonFloat(-Infinity)])).toBe("[NaN,-Infinity]");
  });

  it("reads NaN and Infinity tokens but leaves strings alone", () => {
    const parsed = parseTfsJson('{"a": [NaN, -Infinity, Infinity], "s": "NaN \\" Infinity"}') as { a: number[]; s: string };
    expect(parsed.a[0]).toBeNaN();
    expect(parsed.a.slice(1)).toEqual([-Infinity, Infinity]);
    expect(parsed.s).toBe('NaN " Infinity');
    expect(() => parseTfsJson("{bad")).toThrow(SyntaxError);
  });
});
