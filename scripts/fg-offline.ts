/**
 * The offline fg runner: the SAME runFg as online scoring, over a file of featureMaps, so
 * training data gets exactly the tensors serving computes (docs/fg.md#the-offline-runner). Lines
 * go in chunks through runFgBatch, which gives each one runFg's answer.
 *
 *   npm run fg -- --app favpush --fg LRFg@v2 --input featureMaps.jsonl --output tensors.jsonl
 *   npm run fg -- --fg com.xxx.ranking.fg.DNNFg@v2 --console http://console:3000 --input fms.jsonl --output tensors.jsonl
 *   npm run fg -- --fg-file my-fg.js --input fms.jsonl --output tensors.jsonl
 *   npm run fg -- --replay features.jsonl      (a feature log, online = offline: fg-replay.ts)
 *
 * `--fg` names a PUBLISHED version, fetched from the console's API (`--console`, default
 * $SCORING_CONSOLE_URL or http://127.0.0.1:3000; a token with config:read in $SCORING_TOKEN)
 * exactly as online scoring resolves it. The class may be its simple name (LRFg) when that is
 * unambiguous; `--app` then prefers the class the app's solutions name.
 *
 * Input: one featureMap per line (JSON), made into a featureMap by the builder online scoring
 * uses (`online` false; `log` as online starts it, a `log` in the line is dropped). Output: one
 * canonical TensorIO per good input line (serializeTensorIO), in order.
 * Bad lines are skipped and reported by line number; the exit code is then 1.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { FgPackageSchema, type FgPackage } from "@/server/contracts/fg";
import { DEMO_FG_PACKAGES } from "@/db/seed/favpush";
import type { FeatureMap } from "@/server/fg/featuremap";
import { readFeatureMap } from "@/server/fg/read-featuremap";
import type { CodeFgBatchLimits } from "@/server/fg/code/run-code-fg-batch";
import { MAX_FG_BATCH_ITEMS } from "@/server/fg/fg-batch-limits";
import { runFgBatchSettled } from "@/server/fg/run-fg-batch-settled";
import { serializeTensorIO } from "@/server/fg/tensor-io";

export interface BadLine {
  line: number;
  message: string;
}

export interface OfflineRunResult {
  /** Non-blank input lines read. */
  lines: number;
  written: number;
  bad: BadLine[];
  /** More bad lines than `maxBadLines` were seen; only the first are listed. */
  badTruncated: boolean;
}

/**
 * Lines go to the fg in chunks of this many (runFgBatch: one sandbox message per chunk for a
 * code fg); output and bad lines stay in line order.
 */
export const OFFLINE_CHUNK = MAX_FG_BATCH_ITEMS;

type Pending = { line: number; featureMap: FeatureMap } | { line: number; error: unknown };

export async function runFgOverFile(opts: {
  pkg: FgPackage;
  inputPath: string;
  outputPath: string;
  maxBadLines?: number;
  /** The code fg's limits (tests): alone as runFg's, and a chunk's as runFgBatch's. */
  limits?: CodeFgBatchLimits;
}): Promise<OfflineRunResult> {
  const maxBad = opts.maxBadLines ?? 1000;
  const result: OfflineRunResult = { lines: 0, written: 0, bad: [], badTruncated: false };
  const out = createWriteStream(opts.outputPath, { encoding: "utf8" });
  const closed = once(out, "close");
  const bad = (line: number, e: unknown) => {
    if (result.bad.length < maxBad) result.bad.push({ line, message: e instanceof Error ? e.message : String(e) });
    else result.badTruncated = true;
  };
  let pending: Pending[] = [];
  const flush = async () => {
    const entries = pending;
    pending = [];
    const featureMaps = entries.flatMap((p) => ("featureMap" in p ? [p.featureMap] : []));
    const outcomes = await runFgBatchSettled(opts.pkg, featureMaps, opts.limits);
    let k = 0;
    for (const entry of entries) {
      if (!("featureMap" in entry)) {
        bad(entry.line, entry.error);
        continue;
      }
      const outcome = outcomes[k++]!;
      if ("error" in outcome) {
        bad(entry.line, outcome.error);
        continue;
      }
      if (!out.write(serializeTensorIO(outcome.io) + "\n")) await once(out, "drain");
      result.written++;
    }
  };
  try {
    const lines = createInterface({ input: createReadStream(opts.inputPath, { encoding: "utf8" }), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const text of lines) {
      lineNumber++;
      if (text.trim() === "") continue;
      result.lines++;
      try {
        pending.push({ line: lineNumber, featureMap: offlineFeatureMap(text) });
      } catch (error) {
        pending.push({ line: lineNumber, error });
      }
      if (pending.length >= OFFLINE_CHUNK) await flush();
    }
    await flush();
  } finally {
    out.end();
    await closed;
  }
  return result;
}

/** A line as the featureMap online scoring would build for it, by the same builder, with online = false. */
function offlineFeatureMap(text: string): FeatureMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error("Not valid JSON");
  }
  return readFeatureMap(parsed, false);
}

// ---- command line ---------------------------------------------------------------------------

/**
 * Finds the package of an fg class (full or simple name) at a version. Undefined: not published;
 * a thrown Error: why it could not be resolved (its message is shown).
 */
export type FgResolver = (fgClass: string, version: string, ctx?: { app?: string; console?: string }) => Promise<FgPackage | undefined>;

type FetchLike = (url: string, init?: { headers?: Record<string, string> }) => Promise<{ status: number; ok: boolean; json(): Promise<unknown> }>;

/**
 * Resolves through the console's REST API (GET /api/v1/fg, /api/v1/fg/classes/{c}/versions/{v}):
 * an offline job on a training machine reads the same published package online scoring runs,
 * and needs no access to the console's database.
 */
export function consoleFgResolver(opts: { baseUrl: string; token?: string; fetch?: FetchLike }): FgResolver {
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const headers: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const url = new URL(path, opts.baseUrl).toString();
    let res;
    try {
      res = await doFetch(url, { headers });
    } catch (e) {
      throw new Error(`The console at ${opts.baseUrl} did not answer (${e instanceof Error ? e.message : String(e)}); pass --console URL`);
    }
    const body = await res.json().catch(() => null);
    if (res.status === 401 || res.status === 403) {
      throw new Error(`The console refused (${res.status}): set SCORING_TOKEN to an API token with the config:read scope`);
    }
    return { status: res.status, body };
  };
  return async (fgClass, version, ctx) => {
    const className = fgClass.includes(".") ? fgClass : await fullClassName(get, fgClass, ctx?.app);
    const res = await get(`/api/v1/fg/classes/${encodeURIComponent(className)}/versions/${encodeURIComponent(version)}`);
    if (res.status === 404) return undefined;
    const parsed = FgPackageSchema.safeParse((res.body as { package?: unknown } | null)?.package);
    if (res.status !== 200 || !parsed.success) throw new Error(`The console answered ${res.status} for ${className}@${version}`);
    return parsed.data;
  };
}

async function fullClassName(get: (path: string) => Promise<{ status: number; body: unknown }>, simple: string, app: string | undefined): Promise<string> {
  const res = await get("/api/v1/fg");
  const classes = ((res.body as { classes?: { className: string; simpleName: string }[] } | null)?.classes ?? []).filter((c) => c.simpleName === simple);
  if (classes.length === 1) return classes[0]!.className;
  if (classes.length === 0) throw new Error(`No fg class named ${simple} is published`);
  if (app) {
    // The app's solutions say which of the same-named classes it means (readable by people, not every token).
    const sol = await get(`/api/v1/apps/${encodeURIComponent(app)}/solutions`);
    const named = new Set(((sol.body as { solutions?: { fg?: { class?: string } }[] } | null)?.solutions ?? []).map((s) => s.fg?.class));
    const mine = classes.filter((c) => named.has(c.className));
    if (mine.length === 1) return mine[0]!.className;
  }
  throw new Error(`${simple} is ambiguous: ${classes.map((c) => c.className).join(", ")}; give the full class name`);
}

/** The demo packages by their full class names, without a console: for tests and examples. */
export const demoFgResolver: FgResolver = async (fgClass, version) =>
  DEMO_FG_PACKAGES.find((p) => p.class === fgClass && p.version === version)?.pkg;

const USAGE =
  "usage: npm run fg -- [--app APP] (--fg CLASS@VERSION | --fg-file PATH) [--console URL] --input FEATUREMAPS.jsonl --output TENSORS.jsonl";

/** Runs the command line; returns the exit code (0 ok, 1 bad lines, 2 usage, fg not found or unreadable files). */
export async function main(argv: string[], deps: { resolveFg: FgResolver; log?: (line: string) => void }): Promise<number> {
  // --replay LOG.jsonl checks a feature log instead (fg-replay.ts; it imports nothing from here, so no cycle).
  if (argv.includes("--replay")) return (await import("./fg-replay")).replayMain(argv, { ...deps, readFgFile });
  const log = deps.log ?? ((line: string) => console.error(line));
  const args = parseArgs(argv);
  if (typeof args === "string") {
    log(`${args}\n${USAGE}`);
    return 2;
  }
  const ctx = { ...(args.app ? { app: args.app } : {}), ...(args.console ? { console: args.console } : {}) };
  const pkg = args.fgFile ? await readFgFile(args.fgFile) : await resolveRef(args.fg ?? "", deps.resolveFg, ctx);
  if (typeof pkg === "string") {
    log(pkg);
    return 2;
  }
  let result: OfflineRunResult;
  try {
    result = await runFgOverFile({ pkg, inputPath: args.input, outputPath: args.output });
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    return 2;
  }
  log(`${result.written} of ${result.lines} featureMap(s) written to ${args.output}`);
  for (const b of result.bad) log(`line ${b.line}: ${b.message}`);
  if (result.badTruncated) log("(more bad lines not listed)");
  return result.bad.length > 0 ? 1 : 0;
}

interface Args {
  fg?: string;
  fgFile?: string;
  app?: string;
  console?: string;
  input: string;
  output: string;
}

function parseArgs(argv: string[]): Args | string {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? "";
    const value = argv[i + 1];
    if (!["--fg", "--fg-file", "--input", "--output", "--app", "--console"].includes(flag)) return `Unknown argument "${flag}"`;
    if (value === undefined || value.startsWith("--")) return `${flag} needs a value`;
    values.set(flag, value);
  }
  const input = values.get("--input");
  const output = values.get("--output");
  const fg = values.get("--fg");
  const fgFile = values.get("--fg-file");
  if (!input || !output) return "--input and --output are required";
  if ((fg === undefined) === (fgFile === undefined)) return "Give exactly one of --fg and --fg-file";
  const app = values.get("--app");
  const consoleUrl = values.get("--console");
  return {
    input,
    output,
    ...(fg === undefined ? {} : { fg }),
    ...(fgFile === undefined ? {} : { fgFile }),
    ...(app === undefined ? {} : { app }),
    ...(consoleUrl === undefined ? {} : { console: consoleUrl }),
  };
}

async function resolveRef(ref: string, resolve: FgResolver, ctx: { app?: string; console?: string }): Promise<FgPackage | string> {
  const at = ref.lastIndexOf("@");
  if (at <= 0 || at === ref.length - 1) return `--fg takes CLASS@VERSION, e.g. LRFg@v2 or com.xxx.ranking.fg.LRFg@v2 (got "${ref}")`;
  try {
    const pkg = await resolve(ref.slice(0, at), ref.slice(at + 1), ctx);
    return pkg ?? `No fg package ${ref} is published`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A .json file is a declarative spec (or a whole package); anything else is code fg source. */
async function readFgFile(path: string): Promise<FgPackage | string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    return `Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!path.endsWith(".json")) return { kind: "code", source: text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${path} is not valid JSON`;
  }
  const candidate = isObject(json) && "kind" in json ? json : { kind: "declarative", spec: json };
  const parsed = FgPackageSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  return `${path}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "$"}: ${i.message}`).join("; ")}`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The command line is the one place this runner reads the environment: where the console is, and its token.
  const fromConsole: FgResolver = (fgClass, version, ctx) =>
    consoleFgResolver({
      baseUrl: ctx?.console ?? process.env.SCORING_CONSOLE_URL ?? "http://127.0.0.1:3000",
      ...(process.env.SCORING_TOKEN ? { token: process.env.SCORING_TOKEN } : {}),
    })(fgClass, version, ctx);
  process.exitCode = await main(process.argv.slice(2), { resolveFg: fromConsole });
}
