import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { histogramOf } from "@/sdk/src/core/telemetry/histogram";
import { emptyCounts, minuteOf } from "@/sdk/src/core/telemetry/series";
import { TelemetryReportSchema } from "./telemetry";
import { fastParseTelemetryReport } from "./telemetry-fast-parse";

const MINUTE = minuteOf(Date.UTC(2026, 11, 3, 10, 7, 30));

function report(): Record<string, unknown> {
  return {
    id: randomUUID(),
    instance: "i-1",
    host: "host-1",
    from: "2026-12-03T10:06:30.125Z",
    to: "2026-12-03T10:07:30+01:00",
    releases: { favpush: "7" },
    solutions: [
      { app: "favpush", release: "7", solution: "v1", minute: MINUTE, ...emptyCounts(), requests: 10, items: 12, errors: { fg: 1 }, latency: { predict: histogramOf([0.5, 4, 100, -2, 0]) }, outputs: { y: histogramOf([0.25]) }, missing: { cf: 2 } },
    ],
    buckets: [{ app: "favpush", release: "7", bucket: 3, minute: MINUTE, requests: 10 }],
    dropped: { reports: 0, records: 0 },
  };
}

/** Every way of breaking a report we could think of, one change at a time, at every level. */
function variants(): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [["as sent", report()]];
  type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a report broken at will
  const at = (what: string, change: (r: Loose) => void) => {
    const r = report() as Loose;
    change(r);
    out.push([what, r]);
  };
  const badValues: unknown[] = [undefined, null, "", "x", "\u0000", "a\u0000b", "\ud800", "a\udc00", "__proto__", "x".repeat(201), "x".repeat(200), -1, -0, 0.5, 1e300, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, true, [], {}, [1], { a: 1 }, "2026-12-03T10:07:00Z", "2026-12-03T10:07:00.000Z", "2026-12-03T10:07:01Z", "2026-12-03 10:07:00Z", "2026-13-03T10:07:00Z", "2026-12-03T10:07:00", "2026-12-03T10:07:00+0100", "2026-12-03T10:07:00.1234567Z", randomUUID(), randomUUID().toUpperCase(), "00000000-0000-0000-0000-000000000000"];
  const scalarPaths: string[][] = [["id"], ["instance"], ["host"], ["from"], ["to"], ["releases"], ["solutions"], ["buckets"], ["dropped"], ["dropped", "reports"], ["dropped", "records"]];
  for (const key of ["app", "release", "solution", "minute", "requests", "items", "errors", "latency", "outputs", "missing"]) scalarPaths.push(["solutions", "0", key]);
  for (const key of ["app", "release", "bucket", "minute", "requests"]) scalarPaths.push(["buckets", "0", key]);
  scalarPaths.push(["solutions", "0", "errors", "fg"], ["solutions", "0", "missing", "cf"], ["solutions", "0", "latency", "predict"], ["solutions", "0", "latency", "predict", "sum"], ["solutions", "0", "latency", "predict", "p16"], ["solutions", "0", "latency", "predict", "z"], ["solutions", "0", "outputs", "y"], ["releases", "favpush"], ["solutions", "0"], ["buckets", "0"]);
  const set = (r: Loose, path: string[], value: unknown) => {
    let o = r;
    for (const k of path.slice(0, -1)) o = o[k];
    if (value === undefined) delete o[path.at(-1)!];
    else o[path.at(-1)!] = value;
  };
  for (const path of scalarPaths) for (const value of badValues) at(`${path.join(".")} = ${JSON.stringify(value)?.slice(0, 30)}`, (r) => set(r, path, value));
  // Keys: unknown, reserved, unstorable, not a bucket, too many characters, in every map.
  const badKeys = ["extra", "__proto__", "constructor", "", "a\u0000", "\udfff", "p1x", "q7", "p-3", "n12", "p007", "sum", "z", "x".repeat(201)];
  const maps: string[][] = [[], ["releases"], ["dropped"], ["solutions", "0"], ["buckets", "0"], ["solutions", "0", "errors"], ["solutions", "0", "missing"], ["solutions", "0", "latency"], ["solutions", "0", "outputs"], ["solutions", "0", "latency", "predict"]];
  for (const path of maps) {
    for (const key of badKeys) {
      for (const value of [1, 0.5, "7", histogramOf([1])]) {
        at(`${[...path, key].join(".")} = ${JSON.stringify(value)}`, (r) => {
          let o = r;
          for (const k of path) o = o[k];
          // As JSON.parse makes it: an own property, even "__proto__".
          Object.defineProperty(o, key, { value, enumerable: true, configurable: true, writable: true });
        });
      }
    }
  }
  // Whole bodies of another kind.
  for (const value of [null, [], "report", 7, {}]) out.push([`body ${JSON.stringify(value)}`, value]);
  // Through JSON, as the route sees them (a "__proto__" key stays an own property).
  return out.map(([what, v]) => [what, v === undefined ? v : JSON.parse(JSON.stringify(v) ?? "null")]);
}

describe("fastParseTelemetryReport", () => {
  it("answers exactly what the schema answers whenever it answers, and answers for well-formed reports", () => {
    let answered = 0;
    const all = variants();
    for (const [what, value] of all) {
      const fast = fastParseTelemetryReport(value);
      if (fast === undefined) continue;
      answered++;
      const schema = TelemetryReportSchema.safeParse(value);
      expect(schema.success, `${what}: the fast parse took what the schema refuses`).toBe(true);
      expect(fast, what).toEqual(schema.data);
    }
    expect(fastParseTelemetryReport(report())).toBeDefined();
    // It is the common path: most single changes above are still valid reports (names, counts).
    expect(answered).toBeGreaterThan(100);
    expect(answered).toBeLessThan(all.length);
  });

  it("leaves a report with a key sent as __proto__ to the schema (zod drops it)", () => {
    const body = JSON.stringify(report()).replace('"errors":{', '"errors":{"__proto__":1,');
    expect(fastParseTelemetryReport(JSON.parse(body))).toBeUndefined();
  });

  it("leaves a report without `dropped` to the schema (its default)", () => {
    const r = report();
    delete r.dropped;
    expect(fastParseTelemetryReport(r)).toBeUndefined();
    expect(TelemetryReportSchema.parse(r).dropped).toEqual({ reports: 0, records: 0 });
  });
});
