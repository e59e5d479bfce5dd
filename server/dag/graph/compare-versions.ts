/**
 * The order of versions (docs/dag.md#nodes-and-versions: "integers or date-stamps").
 *
 * Rule: natural order. A version is split into runs of digits and runs of other characters;
 * runs are compared left to right, digit runs by numeric value (any length, no overflow),
 * other runs by UTF-16 code units, and a digit run sorts before a non-digit run. When one
 * version runs out first, it is the smaller. So:
 *   - two integers compare numerically ("9" < "10"),
 *   - date-stamps compare by date ("20240105" < "20240106", "2024-01-05" < "2024-01-06",
 *     "2024-01-05T10:00" < "2024-01-05T11:00"),
 *   - a suffix makes a version newer ("20240105" < "20240105.1" < "20240105.2" < "20240106").
 * Versions equal by that rule but spelled differently ("007" and "7") fall back to plain
 * string order, so compareVersions(a, b) === 0 exactly when a === b.
 * Keep one format per key: across formats the order is well defined but rarely meaningful.
 */
export function compareVersions(a: string, b: string): number {
  const left = a.match(RUNS) ?? [];
  const right = b.match(RUNS) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = compareRuns(left[i]!, right[i]!);
    if (order !== 0) return order;
  }
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** True when `a` is newer than `b`; no version (null) is older than any version. */
export function isNewer(a: string | null, b: string | null): boolean {
  if (a === null) return false;
  return b === null || compareVersions(a, b) > 0;
}

/** The newest of the given versions, or null when there is none. */
export function maxVersion(versions: Iterable<string | null>): string | null {
  let newest: string | null = null;
  for (const version of versions) if (isNewer(version, newest)) newest = version;
  return newest;
}

const RUNS = /\d+|\D+/g;

function compareRuns(a: string, b: string): number {
  const aDigits = isDigits(a);
  const bDigits = isDigits(b);
  if (aDigits && bDigits) return compareDigits(a, b);
  if (aDigits !== bDigits) return aDigits ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

function isDigits(run: string): boolean {
  const code = run.charCodeAt(0);
  return code >= 48 && code <= 57;
}

/** Numeric order of two digit runs of any length: fewer significant digits is smaller. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x === y ? 0 : x < y ? -1 : 1;
}
