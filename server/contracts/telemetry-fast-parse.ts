import { isBucketKey, SUM_KEY } from "@/sdk/src/core/telemetry/histogram";
import { TELEMETRY_LIMITS } from "@/sdk/src/core/telemetry/report";
import { IsoDateTimeSchema, MinuteSchema, ReportIdSchema, type TelemetryReportInput } from "./telemetry";

/**
 * TelemetryReportSchema's answer for a well-formed report, several times cheaper than zod's
 * (zod was the largest item of a report's cost: README "Telemetry" → "Ingest speed"). It answers
 * only when it is sure: every field of the schema present with nothing more, every string
 * storable (unstorable-text.ts), no `__proto__` key; then the value itself is the schema's output.
 * Anything else (undefined) goes to the schema and the unstorable-text check, which give the
 * exact error. telemetry-fast-parse.test.ts holds it to the schema over many broken reports.
 */
export function fastParseTelemetryReport(value: unknown): TelemetryReportInput | undefined {
  if (!isRecord(value) || !hasExactly(value, REPORT_KEYS)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || !ReportIdSchema.safeParse(v.id).success) return undefined;
  if (!isName(v.instance) || !isName(v.host)) return undefined;
  if (!isDateTime(v.from) || !isDateTime(v.to)) return undefined;
  if (!isRecord(v.releases)) return undefined;
  for (const key in v.releases) if (!isName(key) || !isName(v.releases[key])) return undefined;
  if (!Array.isArray(v.solutions) || !Array.isArray(v.buckets)) return undefined;
  for (const s of v.solutions) if (!isSolutionSeries(s)) return undefined;
  for (const b of v.buckets) if (!isBucketSeries(b)) return undefined;
  const dropped = v.dropped;
  if (!isRecord(dropped) || !hasExactly(dropped, DROPPED_KEYS) || !isCount(dropped.reports) || !isCount(dropped.records)) return undefined;
  return value as unknown as TelemetryReportInput;
}

const REPORT_KEYS = ["id", "instance", "host", "from", "to", "releases", "solutions", "buckets", "dropped"];
const SOLUTION_KEYS = ["app", "release", "solution", "minute", "requests", "items", "errors", "latency", "outputs", "missing"];
const BUCKET_KEYS = ["app", "release", "bucket", "minute", "requests"];
const DROPPED_KEYS = ["reports", "records"];

function isSolutionSeries(s: unknown): boolean {
  if (!isRecord(s) || !hasExactly(s, SOLUTION_KEYS)) return false;
  return (
    isName(s.app) &&
    isName(s.release) &&
    isName(s.solution) &&
    isMinute(s.minute) &&
    isCount(s.requests) &&
    isCount(s.items) &&
    isCounts(s.errors) &&
    isHistograms(s.latency) &&
    isHistograms(s.outputs) &&
    isCounts(s.missing)
  );
}

function isBucketSeries(b: unknown): boolean {
  if (!isRecord(b) || !hasExactly(b, BUCKET_KEYS)) return false;
  return isName(b.app) && isName(b.release) && Number.isInteger(b.bucket) && (b.bucket as number) >= 0 && (b.bucket as number) <= 9_999 && isMinute(b.minute) && isCount(b.requests);
}

function isCounts(m: unknown): boolean {
  if (!isRecord(m)) return false;
  for (const key in m) if (!isName(key) || !isCount(m[key])) return false;
  return true;
}

function isHistograms(m: unknown): boolean {
  if (!isRecord(m)) return false;
  for (const key in m) if (!isName(key) || !isHistogram(m[key])) return false;
  return true;
}

function isHistogram(h: unknown): boolean {
  if (!isRecord(h)) return false;
  for (const key in h) {
    const count = h[key];
    if (typeof count !== "number" || !Number.isFinite(count)) return false;
    if (key === SUM_KEY) continue;
    if (!(BUCKET_KEYS_SEEN.has(key) || rememberBucketKey(key)) || !Number.isInteger(count) || count < 0) return false;
  }
  return true;
}

/** Bucket keys met before (a few hundred exist in practice): a Set lookup instead of the pattern per key. */
const BUCKET_KEYS_SEEN = new Set<string>();
function rememberBucketKey(key: string): boolean {
  if (!isBucketKey(key)) return false;
  if (BUCKET_KEYS_SEEN.size < 4_096) BUCKET_KEYS_SEEN.add(key);
  return true;
}

/** Minutes met before and found valid by the schema (a report's series share a few). */
const MINUTES_SEEN = new Set<string>();
function isMinute(m: unknown): boolean {
  if (typeof m !== "string") return false;
  if (MINUTES_SEEN.has(m)) return true;
  if (!MinuteSchema.safeParse(m).success) return false;
  if (MINUTES_SEEN.size >= 4_096) MINUTES_SEEN.clear();
  MINUTES_SEEN.add(m);
  return true;
}

const isDateTime = (t: unknown): boolean => typeof t === "string" && IsoDateTimeSchema.safeParse(t).success;

const isCount = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= Number.MAX_SAFE_INTEGER;

/** NameSchema, and storable text: no U+0000, no lone surrogate. */
const isName = (s: unknown): boolean =>
  typeof s === "string" && s.length >= 1 && s.length <= TELEMETRY_LIMITS.nameChars && s !== "__proto__" && !s.includes("\u0000") && (s as { isWellFormed?: () => boolean }).isWellFormed?.() === true;

/** A plain object as JSON.parse makes it (zod takes no other for an object or a record). */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Exactly these own keys (zod would drop others, and give defaults for missing ones). */
function hasExactly(o: Record<string, unknown>, keys: readonly string[]): boolean {
  let n = 0;
  for (const key in o) {
    if (!Object.hasOwn(o, key)) return false;
    n++;
  }
  if (n !== keys.length) return false;
  for (const key of keys) if (!Object.hasOwn(o, key)) return false;
  return true;
}
