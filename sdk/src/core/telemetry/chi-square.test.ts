import { describe, expect, it } from "vitest";
import { chiSquareSurvival, lnGamma, regularizedUpperGamma, sampleRatioMismatch } from "./chi-square";

describe("chi-square survival (scipy.stats.chi2.sf)", () => {
  // Exact values (df 1: erfc(sqrt(x/2)); even df: e^(-x/2) * sum of (x/2)^k / k!), which scipy matches.
  it.each([
    [10.83, 1, 0.0009986863791802592],
    [10.828, 1, 0.0009997657195830914],
    [30, 10, 0.0008566412107753004],
    [29.588, 10, 0.001000111941063482],
    [3.841459, 1, 0.04999999465319576],
    [18.307038, 10, 0.050000000824732264],
    [1, 1, 0.31731050786291404],
    [2, 2, Math.exp(-1)],
    [0, 3, 1],
    [124.342, 100, 0.050000715769971775],
  ])("chi2.sf(%f, %i) = %f", (x, df, p) => {
    expect(Math.abs(chiSquareSurvival(x, df) - p) / p).toBeLessThan(1e-8);
  });

  it("matches the issue's examples: chi2.sf(10.83, 1) ~ 0.001, chi2.sf(30, 10) ~ 0.000857", () => {
    expect(chiSquareSurvival(10.83, 1)).toBeCloseTo(0.001, 5);
    expect(chiSquareSurvival(30, 10)).toBeCloseTo(0.000857, 6);
  });

  it("knows Γ and Q at exact points", () => {
    expect(Math.exp(lnGamma(5))).toBeCloseTo(24, 9);
    expect(Math.exp(lnGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 12);
    // Q(1, x) = e^-x, on both sides of the series / continued-fraction switch.
    for (const x of [0.1, 1.9, 2.1, 20]) expect(regularizedUpperGamma(1, x)).toBeCloseTo(Math.exp(-x), 12);
    expect(regularizedUpperGamma(-1, 1)).toBeNaN();
  });
});

describe("sample-ratio mismatch", () => {
  it("passes a split near its configured 30/70", () => {
    const r = sampleRatioMismatch([
      { key: "v1", observed: 3_040, share: 0.3 },
      { key: "v2", observed: 6_960, share: 0.7 },
    ]);
    expect(r).toMatchObject({ status: "ok", df: 1 });
  });

  it("flags a skewed split at p < 0.001 and names the furthest cells", () => {
    const r = sampleRatioMismatch([0, 1, 2, 3, 4].map((b) => ({ key: b, observed: b === 3 ? 40 : 100, share: 0.2 })));
    expect(r.status).toBe("mismatch");
    if (r.status !== "mismatch") return;
    expect(r.pValue).toBeLessThan(0.001);
    expect(r.deviating.map((d) => d.key)).toEqual([3]);
  });

  it("says too little traffic when an expected count is under 5, and leaves out shares of 0", () => {
    expect(sampleRatioMismatch([{ key: "a", observed: 4, share: 0.5 }, { key: "b", observed: 4, share: 0.5 }])).toMatchObject({ status: "too_little_traffic", total: 8 });
    expect(sampleRatioMismatch([{ key: "a", observed: 50, share: 1 }, { key: "b", observed: 0, share: 0 }])).toMatchObject({ status: "too_little_traffic" });
  });
});
