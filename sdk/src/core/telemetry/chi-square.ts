/**
 * The chi-square test behind the sample-ratio-mismatch check. The p-value is the regularized
 * upper incomplete gamma function Q(k/2, x/2), computed by its series below a + 1 and by its
 * continued fraction above (Numerical Recipes, 6.2), with ln Γ by Lanczos (g = 7, n = 9).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - lnGamma(1 - z);
  const x = z - 1;
  let a = LANCZOS[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x >= 0. */
export function regularizedUpperGamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return upperFraction(a, x);
}

/** P(a, x) by its series. */
function lowerSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < MAX_ITERATIONS; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz). */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** P(X >= x) for X ~ chi-square with `df` degrees of freedom (scipy's chi2.sf). */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedUpperGamma(df / 2, x / 2);
}

/** The threshold below which a split is flagged: a real mismatch, not chance. */
export const SRM_P_THRESHOLD = 0.001;
/** Each expected count must reach it for the chi-square approximation to hold. */
export const SRM_MIN_EXPECTED = 5;

export type SrmResult<K> =
  | { status: "too_little_traffic"; total: number; minExpected: number }
  | {
      status: "ok" | "mismatch";
      total: number;
      chiSquare: number;
      df: number;
      pValue: number;
      /** With a mismatch: the cells furthest from their expected count (|z| > 3, else the furthest one). */
      deviating: { key: K; observed: number; expected: number; z: number }[];
    };

/**
 * Observed counts against expected shares (summing to 1). Cells with a share of 0 are left out
 * (nothing can be expected of them); with fewer than two cells there is nothing to test.
 */
export function sampleRatioMismatch<K>(cells: readonly { key: K; observed: number; share: number }[]): SrmResult<K> {
  const live = cells.filter((c) => c.share > 0);
  const total = live.reduce((s, c) => s + c.observed, 0);
  const shareTotal = live.reduce((s, c) => s + c.share, 0);
  const expected = live.map((c) => ({ ...c, expected: shareTotal > 0 ? (total * c.share) / shareTotal : 0 }));
  const minExpected = expected.length ? Math.min(...expected.map((c) => c.expected)) : 0;
  if (live.length < 2 || minExpected < SRM_MIN_EXPECTED) return { status: "too_little_traffic", total, minExpected };
  let chiSquare = 0;
  const scored = expected.map((c) => {
    const diff = c.observed - c.expected;
    chiSquare += (diff * diff) / c.expected;
    return { key: c.key, observed: c.observed, expected: c.expected, z: diff / Math.sqrt(c.expected) };
  });
  const df = live.length - 1;
  const pValue = chiSquareSurvival(chiSquare, df);
  if (pValue >= SRM_P_THRESHOLD) return { status: "ok", total, chiSquare, df, pValue, deviating: [] };
  const byDistance = [...scored].sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  const far = byDistance.filter((c) => Math.abs(c.z) > 3);
  return { status: "mismatch", total, chiSquare, df, pValue, deviating: far.length ? far : byDistance.slice(0, 1) };
}
