/**
 * `npm run fg -- --replay LOG.jsonl`: proves offline fg equal to online on live traffic. Each line
 * of a feature log (sdk/src/runtime/feature-log, README "Feature logging") holds the featureMap
 * a request was scored with, its fg class@version and the canonical TensorIO the fg built online.
 * The replay runs that featureMap through the same package offline (the offline runner's way:
 * readFeatureMap with `online` false, runFg) and compares the canonical bytes with the logged
 * bytes (the line's tail, not a re-serialisation). Every record that differs is listed by line
 * (and item, for a batch) with its first differing tensor and value.
 *
 *   npm run fg -- --replay features.jsonl [--console URL] [--fg-file CLASS@VERSION=PATH ...]
 *
 * Packages come from the console's API as for the offline runner (--console, $SCORING_CONSOLE_URL,
 * $SCORING_TOKEN), once per class@version; `--fg-file` gives one from a file instead (as the
 * runner's --fg-file reads it), for a machine without the console.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { FgPackage } from "@/server/contracts/fg";
import { readFeatureMap } from "@/server/fg/read-featuremap";
import { runFg } from "@/server/fg/run-fg";
import { serializeTensorIO, type TensorIO } from "@/server/fg/tensor-io";
import { FEATURE_LOG_FORMAT, loggedTensorIOText } from "@/sdk/src/runtime/feature-log/feature-log-record";
import type { FgResolver } from "./fg-offline";

export interface ReplayDifference {
  line: number;
  item?: number;
  fg: string;
  /** Where the first difference is and what each side holds there. */
  message: string;
}

export interface ReplayResult {
  /** Non-blank lines read. */
  records: number;
  identical: number;
  differ: ReplayDifference[];
  /** Lines that could not be replayed (not a record, fg not found): not proven equal. */
  unreplayable: { line: number; message: string }[];
}

/** Replays a log file; `resolve` finds a record's package (undefined: not published). */
export async function replayFeatureLog(opts: { logPath: string; resolve: (fgClass: string, version: string) => Promise<FgPackage | undefined> }): Promise<ReplayResult> {
  const result: ReplayResult = { records: 0, identical: 0, differ: [], unreplayable: [] };
  const packages = new Map<string, Promise<FgPackage | undefined>>();
  const lines = createInterface({ input: createReadStream(opts.logPath, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === "") continue;
    result.records++;
    const record = readRecord(text);
    if (typeof record === "string") {
      result.unreplayable.push({ line: lineNumber, message: record });
      continue;
    }
    const ref = `${record.fg.class}@${record.fg.version}`;
    let pkg: FgPackage | undefined;
    try {
      if (!packages.has(ref)) packages.set(ref, opts.resolve(record.fg.class, record.fg.version));
      pkg = await packages.get(ref);
    } catch (e) {
      result.unreplayable.push({ line: lineNumber, message: `${ref}: ${errorMessage(e)}` });
      continue;
    }
    if (!pkg) {
      result.unreplayable.push({ line: lineNumber, message: `No fg package ${ref} is published` });
      continue;
    }
    const at = { line: lineNumber, ...(record.item === undefined ? {} : { item: record.item }), fg: ref };
    let offline: TensorIO;
    try {
      offline = await runFg(pkg, readFeatureMap(record.featureMap, false));
    } catch (e) {
      result.differ.push({ ...at, message: `the fg failed offline: ${errorMessage(e)}` });
      continue;
    }
    const offlineText = serializeTensorIO(offline);
    if (offlineText === record.tensorIOText) result.identical++;
    else result.differ.push({ ...at, message: firstDifference(record.tensorIOText, offlineText) });
  }
  return result;
}

interface LoggedRecord {
  item?: number;
  fg: { class: string; version: string };
  featureMap: unknown;
  tensorIOText: string;
}

function readRecord(text: string): LoggedRecord | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "Not valid JSON";
  }
  if (!isObject(parsed)) return "Not a feature log record";
  if (parsed.v !== FEATURE_LOG_FORMAT) return `Not a feature log record of format ${FEATURE_LOG_FORMAT} (v: ${JSON.stringify(parsed.v)})`;
  const fg = parsed.fg;
  if (!isObject(fg) || typeof fg.class !== "string" || typeof fg.version !== "string") return "The record has no fg {class, version}";
  const tensorIOText = loggedTensorIOText(text);
  if (tensorIOText === undefined || !isObject(parsed.tensorIO)) return "The record has no tensorIO";
  return { ...(typeof parsed.item === "number" ? { item: parsed.item } : {}), fg: { class: fg.class, version: fg.version }, featureMap: parsed.featureMap, tensorIOText };
}

/** Names the first tensor (and value) where two canonical TensorIO texts differ. */
export function firstDifference(loggedText: string, offlineText: string): string {
  let logged: TensorIO;
  try {
    logged = JSON.parse(loggedText) as TensorIO;
  } catch {
    return "the logged tensorIO is not valid JSON";
  }
  const offline = JSON.parse(offlineText) as TensorIO;
  const show = (v: unknown) => JSON.stringify(v);
  for (const side of ["inputs", "outputs"] as const) {
    const a: Record<string, unknown>[] = Array.isArray(logged[side]) ? (logged[side] as unknown as Record<string, unknown>[]) : [];
    const b = offline[side] as unknown as Record<string, unknown>[];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const l = a[i];
      const o = b[i];
      const name = show((l ?? o)?.name);
      if (!l || !o) return `${side}[${i}] ${name}: ${l ? "logged only" : "offline only"}`;
      for (const key of ["name", "dtype", "shape"]) {
        if (show(l[key]) !== show(o[key])) return `${side}[${i}] ${name} ${key}: logged ${show(l[key])}, offline ${show(o[key])}`;
      }
      const lv = Array.isArray(l.values) ? l.values : [];
      const ov = Array.isArray(o.values) ? o.values : [];
      for (let j = 0; j < Math.max(lv.length, ov.length); j++) {
        if (show(lv[j]) !== show(ov[j])) return `${side}[${i}] ${name} values[${j}]: logged ${show(lv[j]) ?? "nothing"}, offline ${show(ov[j]) ?? "nothing"}`;
      }
    }
  }
  // Equal values written differently (a hand-edited or foreign log): name the byte.
  let k = 0;
  while (k < loggedText.length && loggedText[k] === offlineText[k]) k++;
  return `equal values, different bytes from character ${k} (the logged tensorIO is not canonical)`;
}

const USAGE = "usage: npm run fg -- --replay LOG.jsonl [--console URL] [--fg-file CLASS@VERSION=PATH ...]";

/** The command line; exit code 0 when every record replays identically, 1 when any differs or cannot be replayed, 2 on usage or an unreadable log. */
export async function replayMain(
  argv: string[],
  deps: { resolveFg: FgResolver; readFgFile: (path: string) => Promise<FgPackage | string>; log?: (line: string) => void },
): Promise<number> {
  const log = deps.log ?? ((line: string) => console.error(line));
  const args = parseReplayArgs(argv);
  if (typeof args === "string") {
    log(`${args}\n${USAGE}`);
    return 2;
  }
  const files = new Map<string, FgPackage>();
  for (const [ref, path] of args.fgFiles) {
    const pkg = await deps.readFgFile(path);
    if (typeof pkg === "string") {
      log(pkg);
      return 2;
    }
    files.set(ref, pkg);
  }
  const ctx = args.console ? { console: args.console } : {};
  let result: ReplayResult;
  try {
    result = await replayFeatureLog({
      logPath: args.log,
      resolve: async (fgClass, version) => files.get(`${fgClass}@${version}`) ?? deps.resolveFg(fgClass, version, ctx),
    });
  } catch (e) {
    log(`Cannot read ${args.log}: ${errorMessage(e)}`);
    return 2;
  }
  for (const d of result.differ) log(`line ${d.line}${d.item === undefined ? "" : ` item ${d.item}`} (${d.fg}): ${d.message}`);
  for (const u of result.unreplayable) log(`line ${u.line}: cannot replay: ${u.message}`);
  log(
    `${result.records} record(s) replayed: ${result.identical} identical, ${result.differ.length} differ` +
      (result.unreplayable.length > 0 ? `, ${result.unreplayable.length} could not be replayed` : ""),
  );
  return result.differ.length > 0 || result.unreplayable.length > 0 ? 1 : 0;
}

function parseReplayArgs(argv: string[]): { log: string; console?: string; fgFiles: [string, string][] } | string {
  let logPath: string | undefined;
  let consoleUrl: string | undefined;
  const fgFiles: [string, string][] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? "";
    const value = argv[i + 1];
    if (!["--replay", "--console", "--fg-file"].includes(flag)) return `Unknown argument "${flag}" with --replay`;
    if (value === undefined || value.startsWith("--")) return `${flag} needs a value`;
    if (flag === "--replay") logPath = value;
    else if (flag === "--console") consoleUrl = value;
    else {
      const eq = value.indexOf("=");
      const ref = value.slice(0, eq);
      if (eq <= 0 || ref.lastIndexOf("@") <= 0 || eq === value.length - 1) return `--fg-file takes CLASS@VERSION=PATH with --replay (got "${value}")`;
      fgFiles.push([ref, value.slice(eq + 1)]);
    }
  }
  if (!logPath) return "--replay needs the log file";
  return { log: logPath, ...(consoleUrl === undefined ? {} : { console: consoleUrl }), fgFiles };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
