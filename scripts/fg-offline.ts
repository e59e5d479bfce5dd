/**
 * The offline fg runner: the SAME runFg as online scoring, over a file of featureMaps, so
 * training data gets exactly the tensors serving computes (DESIGN.md section 4).
 *
 *   npx tsx scripts/fg-offline.ts --fg com.xxx.ranking.fg.DNNFg@v2 --input fms.jsonl --output tensors.jsonl
 *   npx tsx scripts/fg-offline.ts --fg-file my-fg.js --input fms.jsonl --output tensors.jsonl
 *
 * Input: one featureMap per line (JSON; `online` is forced to false, `log` starts empty when
 * absent). Output: one canonical TensorIO per good input line (serializeTensorIO), in order.
 * Bad lines are skipped and reported by line number; the exit code is then 1.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { FgPackageSchema, type FgPackage } from "@/server/contracts/fg";
import { DEMO_FG_PACKAGES } from "@/server/fg/demo";
import type { FeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";
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

export async function runFgOverFile(opts: {
  pkg: FgPackage;
  inputPath: string;
  outputPath: string;
  maxBadLines?: number;
}): Promise<OfflineRunResult> {
  const maxBad = opts.maxBadLines ?? 1000;
  const result: OfflineRunResult = { lines: 0, written: 0, bad: [], badTruncated: false };
  const out = createWriteStream(opts.outputPath, { encoding: "utf8" });
  const closed = once(out, "close");
  try {
    const lines = createInterface({ input: createReadStream(opts.inputPath, { encoding: "utf8" }), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const text of lines) {
      lineNumber++;
      if (text.trim() === "") continue;
      result.lines++;
      try {
        const io = await runFg(opts.pkg, offlineFeatureMap(text));
        if (!out.write(serializeTensorIO(io) + "\n")) await once(out, "drain");
        result.written++;
      } catch (e) {
        if (result.bad.length < maxBad) result.bad.push({ line: lineNumber, message: e instanceof Error ? e.message : String(e) });
        else result.badTruncated = true;
      }
    }
  } finally {
    out.end();
    await closed;
  }
  return result;
}

function offlineFeatureMap(text: string): FeatureMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error("Not valid JSON");
  }
  if (!isObject(parsed)) throw new Error("Expected a featureMap object");
  if (!isObject(parsed.origin)) throw new Error('A featureMap needs an "origin" object');
  return { ...parsed, origin: parsed.origin, online: false, log: isObject(parsed.log) ? parsed.log : {} };
}

// ---- command line ---------------------------------------------------------------------------

/** Finds the package of an fg class at a version; the console wires this to its database. */
export type FgResolver = (fgClass: string, version: string) => Promise<FgPackage | undefined>;

/** Until the console's registry is wired in, the demo packages are what `--fg` can name. */
export const demoFgResolver: FgResolver = async (fgClass, version) =>
  DEMO_FG_PACKAGES.find((p) => p.class === fgClass && p.version === version)?.pkg;

const USAGE = "usage: fg-offline (--fg CLASS@VERSION | --fg-file PATH) --input FEATUREMAPS.jsonl --output TENSORS.jsonl";

/** Runs the command line; returns the exit code (0 ok, 1 bad lines, 2 usage, fg not found or unreadable files). */
export async function main(argv: string[], deps: { resolveFg: FgResolver; log?: (line: string) => void }): Promise<number> {
  const log = deps.log ?? ((line: string) => console.error(line));
  const args = parseArgs(argv);
  if (typeof args === "string") {
    log(`${args}\n${USAGE}`);
    return 2;
  }
  const pkg = args.fgFile ? await readFgFile(args.fgFile) : await resolveRef(args.fg ?? "", deps.resolveFg);
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

function parseArgs(argv: string[]): { fg?: string; fgFile?: string; input: string; output: string } | string {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? "";
    const value = argv[i + 1];
    if (!["--fg", "--fg-file", "--input", "--output"].includes(flag)) return `Unknown argument "${flag}"`;
    if (value === undefined || value.startsWith("--")) return `${flag} needs a value`;
    values.set(flag, value);
  }
  const input = values.get("--input");
  const output = values.get("--output");
  const fg = values.get("--fg");
  const fgFile = values.get("--fg-file");
  if (!input || !output) return "--input and --output are required";
  if ((fg === undefined) === (fgFile === undefined)) return "Give exactly one of --fg and --fg-file";
  return { input, output, ...(fg === undefined ? {} : { fg }), ...(fgFile === undefined ? {} : { fgFile }) };
}

async function resolveRef(ref: string, resolve: FgResolver): Promise<FgPackage | string> {
  const at = ref.lastIndexOf("@");
  if (at <= 0 || at === ref.length - 1) return `--fg takes CLASS@VERSION, e.g. com.xxx.ranking.fg.LRFg@v2 (got "${ref}")`;
  const pkg = await resolve(ref.slice(0, at), ref.slice(at + 1));
  return pkg ?? `No fg package ${ref}`;
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
  process.exitCode = await main(process.argv.slice(2), { resolveFg: demoFgResolver });
}
