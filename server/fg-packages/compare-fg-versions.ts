/** Natural order of version names: v2 < v10, 2020.1 < 2020.12; ties broken by plain text. */
export function compareFgVersions(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
}
