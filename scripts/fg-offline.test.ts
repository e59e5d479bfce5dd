import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FgPackage } from "@/server/contracts/fg";
import { DEMO_DNN_CODE_PACKAGE, DNN_FG_CODE, DNN_FG_SPEC, LR_FG_SPEC } from "@/db/seed/favpush";
import { buildFeatureMap, type FeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";
import { serializeTensorIO } from "@/server/fg/tensor-io";
import { demoFgResolver, main, OFFLINE_CHUNK, runFgOverFile } from "./fg-offline";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fg-offline-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vec = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.round(Math.cos(seed * 7 + i) * 1e6) / 1e6);
/** featureMaps as the scoring flow logs them (its log included); some pairs have no cf map. */
const featureMaps = Array.from({ length: 12 }, (_, i) => ({
  origin: { uid: 1000 + i, goods_id: 50 + i },
  online: true,
  log: i % 3 === 0 ? { missing_features: ["cf", "cf.score"] } : {},
  user_vec: vec(i),
  goods_vec: vec(i + 100),
  cf: i % 3 === 0 ? null : { score: i / 4 },
}));

async function writeLines(name: string, lines: string[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, lines.join("\n") + "\n");
  return file;
}

/**
 * The runner adds nothing of its own: per line, the bytes runFg gives for the featureMap online
 * scoring builds from the same features (buildFeatureMap, as run-scoring.ts calls it). The proof
 * against the real scoring path (POST /api/v1/score, its TensorIO) is
 * fg-offline-equals-online.db.test.ts.
 */
describe("offline == online (unit)", () => {
  const packages: [string, FgPackage][] = [
    ["declarative LRFg", { kind: "declarative", spec: LR_FG_SPEC }],
    ["declarative DNNFg", { kind: "declarative", spec: DNN_FG_SPEC }],
    ["code DNNFg", DEMO_DNN_CODE_PACKAGE],
    [
      "a code fg that reads `online` (but builds the same tensors)",
      { kind: "code", source: DNN_FG_CODE.replace("export function build(fm) {", "export function build(fm) {\n  fm.log.mode = fm.online ? 'online' : 'offline';") },
    ],
    [
      "a code fg that tells an absent cf from a null one, and reads the log it starts with",
      {
        kind: "code",
        source: DNN_FG_CODE.replace(
          "let score = fm.cf == null ? undefined : fm.cf.score;",
          "let score = !('cf' in fm) ? 1000 : fm.cf === null ? (fm.log.missing_features || []).length * 10 : fm.cf.score;",
        ),
      },
    ],
  ];

  it.each(packages)("%s: the file runner writes the exact bytes online scoring computes", async (name, pkg) => {
    const input = await writeLines(`${name}.in.jsonl`, featureMaps.map((m) => JSON.stringify(m)));
    const output = path.join(dir, `${name}.out.jsonl`);
    const result = await runFgOverFile({ pkg, inputPath: input, outputPath: output });
    expect(result).toEqual({ lines: featureMaps.length, written: featureMaps.length, bad: [], badTruncated: false });

    const online: string[] = [];
    for (const { origin, online: _online, log: _log, ...features } of structuredClone(featureMaps)) {
      online.push(serializeTensorIO(await runFg(pkg, buildFeatureMap({ origin, online: true, features }))));
    }
    expect(await readFile(output, "utf8")).toBe(online.join("\n") + "\n");
  });
});

describe("runFgOverFile", () => {
  it("skips and reports bad lines by number, keeps blank lines out of the count, and writes the good ones in order", async () => {
    const good = (i: number) => JSON.stringify(featureMaps[i]);
    const input = await writeLines("mixed.jsonl", [
      good(1),
      "{not json",
      "",
      JSON.stringify({ user_vec: vec(1), goods_vec: vec(2) }),
      JSON.stringify({ ...featureMaps[2], user_vec: [1, 2] }),
      good(4),
    ]);
    const output = path.join(dir, "mixed.out.jsonl");
    const result = await runFgOverFile({ pkg: { kind: "declarative", spec: DNN_FG_SPEC }, inputPath: input, outputPath: output });
    expect(result.lines).toBe(5);
    expect(result.written).toBe(2);
    expect(result.bad).toEqual([
      { line: 2, message: "Not valid JSON" },
      { line: 4, message: 'A featureMap needs an "origin" object' },
      { line: 5, message: expect.stringContaining('input "user": shape [1, 8] needs 8 value(s), got 2') },
    ]);
    expect((await readFile(output, "utf8")).trim().split("\n")).toHaveLength(2);
  });

  it("tells the fg it runs offline", async () => {
    const input = await writeLines("online-flag.jsonl", [JSON.stringify(featureMaps[1])]);
    const output = path.join(dir, "online-flag.out.jsonl");
    const source = `export function build(fm) { return { inputs: [{ name: "online", dtype: "bool", shape: [1], values: [fm.online] }], outputs: [{ name: "y" }] }; }`;
    await runFgOverFile({ pkg: { kind: "code", source }, inputPath: input, outputPath: output });
    expect(JSON.parse(await readFile(output, "utf8"))).toMatchObject({ inputs: [{ values: [false] }] });
  });
});

describe("runFgOverFile in chunks (runFgBatch)", () => {
  it("writes what runFg gives line by line over several chunks, bad lines in order between them", async () => {
    const count = OFFLINE_CHUNK * 2 + 17;
    const lines = Array.from({ length: count }, (_, i) => (i % 97 === 5 ? "{not json" : JSON.stringify(featureMaps[i % featureMaps.length])));
    const input = await writeLines("chunks.jsonl", lines);
    const output = path.join(dir, "chunks.out.jsonl");
    const result = await runFgOverFile({ pkg: DEMO_DNN_CODE_PACKAGE, inputPath: input, outputPath: output });

    const expected: string[] = [];
    const bad: { line: number; message: string }[] = [];
    for (const [i, text] of lines.entries()) {
      if (text.startsWith("{not")) {
        bad.push({ line: i + 1, message: "Not valid JSON" });
        continue;
      }
      const { origin, online: _online, log: _log, ...features } = JSON.parse(text) as FeatureMap;
      expected.push(serializeTensorIO(await runFg(DEMO_DNN_CODE_PACKAGE, buildFeatureMap({ origin, online: false, features }))));
    }
    expect(result).toEqual({ lines: count, written: expected.length, bad, badTruncated: false });
    expect(await readFile(output, "utf8")).toBe(expected.join("\n") + "\n");
  }, 60_000);

  it("runs alone an item the chunk's own time limit stopped, so its line gets runFg's answer", async () => {
    const source = `export function build(fm) {
      if (fm.origin.uid === 1002) for (;;) {}
      return { inputs: [{ name: "x", dtype: "float", shape: [1, 1], values: [fm.origin.uid] }], outputs: [{ name: "y" }] };
    }`;
    const input = await writeLines("batch-limit.jsonl", featureMaps.slice(1, 4).map((m) => JSON.stringify(m)));
    const output = path.join(dir, "batch-limit.out.jsonl");
    // The chunk's deadline (20 ms) comes before the looping item's own (50 ms): in the chunk it is
    // stopped by the batch, and the item after it is not run; alone, each gets runFg's answer.
    const result = await runFgOverFile({ pkg: { kind: "code", source }, inputPath: input, outputPath: output, limits: { timeoutMs: 50, batchTimeoutMs: 20 } });
    expect(result.bad).toEqual([{ line: 2, message: "The fg code ran longer than its 50 ms limit" }]);
    expect((await readFile(output, "utf8")).trim().split("\n").map((l) => (JSON.parse(l) as { inputs: { values: number[] }[] }).inputs[0]!.values)).toEqual([[1001], [1003]]);
  }, 60_000);
});

describe("main (command line)", () => {
  it("resolves --fg CLASS@VERSION through the injected resolver", async () => {
    const input = await writeLines("cli.jsonl", featureMaps.slice(0, 3).map((m) => JSON.stringify(m)));
    const output = path.join(dir, "cli.out.jsonl");
    const asked: string[] = [];
    const code = await main(["--fg", "com.xxx.ranking.fg.DNNFg@v2", "--input", input, "--output", output], {
      resolveFg: async (c, v) => {
        asked.push(`${c}@${v}`);
        return demoFgResolver(c, v);
      },
      log: () => {},
    });
    expect(code).toBe(0);
    expect(asked).toEqual(["com.xxx.ranking.fg.DNNFg@v2"]);
    expect((await readFile(output, "utf8")).trim().split("\n")).toHaveLength(3);
  });

  it.each([
    ["spec.json", JSON.stringify(LR_FG_SPEC)],
    ["package.json", JSON.stringify({ kind: "declarative", spec: LR_FG_SPEC })],
    ["fg.js", `export function build(fm) { return { inputs: [{ name: "x", dtype: "float", shape: [1, 16], values: fm.user_vec.concat(fm.goods_vec) }], outputs: [{ name: "y", dtype: "float" }] }; }`],
  ])("--fg-file %s gives the LRFg tensors", async (file, content) => {
    const fgFile = path.join(dir, file);
    await writeFile(fgFile, content);
    const input = await writeLines("cli-file.jsonl", [JSON.stringify(featureMaps[5])]);
    const output = path.join(dir, `cli-file-${file}.out.jsonl`);
    expect(await main(["--fg-file", fgFile, "--input", input, "--output", output], { resolveFg: demoFgResolver, log: () => {} })).toBe(0);
    const fm: FeatureMap = { ...structuredClone(featureMaps[5]!), online: true, log: {} };
    expect(await readFile(output, "utf8")).toBe(serializeTensorIO(await runFg({ kind: "declarative", spec: LR_FG_SPEC }, fm)) + "\n");
  });

  it.each([
    [["--input", "a"], /--input and --output are required/],
    [["--fg", "X@v1", "--fg-file", "f", "--input", "a", "--output", "b"], /exactly one of --fg and --fg-file/],
    [["--fg", "NoVersion", "--input", "a", "--output", "b"], /CLASS@VERSION/],
    [["--fg", "com.xxx.Nope@v9", "--input", "a", "--output", "b"], /No fg package com.xxx.Nope@v9/],
    [["--bogus", "1"], /Unknown argument "--bogus"/],
  ])("refuses %j with exit code 2", async (argv, message) => {
    const logged: string[] = [];
    expect(await main(argv, { resolveFg: demoFgResolver, log: (l) => logged.push(l) })).toBe(2);
    expect(logged.join("\n")).toMatch(message);
  });

  it("exits 1 when some lines are bad, listing them", async () => {
    const input = await writeLines("cli-bad.jsonl", [JSON.stringify(featureMaps[1]), "oops"]);
    const logged: string[] = [];
    const code = await main(["--fg", "com.xxx.ranking.fg.LRFg@v2", "--input", input, "--output", path.join(dir, "cli-bad.out")], {
      resolveFg: demoFgResolver,
      log: (l) => logged.push(l),
    });
    expect(code).toBe(1);
    expect(logged).toContain("line 2: Not valid JSON");
  });
});
