import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FG_PACKAGES } from "@/db/seed/favpush";
import { featureLogLine } from "@/sdk/src/runtime/feature-log";
import { buildFeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";
import type { TensorIO } from "@/server/fg/tensor-io";
import { demoFgResolver } from "./fg-offline";
import { firstDifference, replayMain } from "./fg-replay";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fg-replay-unit-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LR = DEMO_FG_PACKAGES.find((p) => p.class.endsWith(".LRFg"))!;
const vec = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.sin(seed + i));
const head = (fg: { class: string; version: string }) => ({ time: "2026-12-03T10:00:00.000Z", app: "favpush", request: {}, release: 1, solution: "v1", bucket: 0, fg });

async function lineFor(i: number, change?: (io: TensorIO) => void): Promise<string> {
  const featureMap = buildFeatureMap({ origin: { uid: i, goods_id: i }, online: true, features: { user_vec: vec(i), goods_vec: vec(-i), cf: { score: i / 3 } } });
  const tensorIO = await runFg(LR.pkg, featureMap);
  change?.(tensorIO);
  return featureLogLine(head(LR), { featureMap, tensorIO, outputs: {} });
}

async function replay(lines: string[]) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(file, lines.join("\n") + "\n");
  const out: string[] = [];
  const code = await replayMain(["--replay", file], { resolveFg: demoFgResolver, readFgFile: async () => "unused", log: (l) => out.push(l) });
  return { code, out };
}

describe("replayMain", () => {
  it("lists records that cannot be replayed and a changed shape; exits 1", async () => {
    const good = await lineFor(1);
    const reshaped = await lineFor(2, (io) => {
      io.inputs[0]!.shape = [io.inputs[0]!.values.length, 1];
    });
    const unknownFg = good.replace(`"version":"${LR.version}"`, '"version":"v99"');
    const { code, out } = await replay([good, "not json", unknownFg, "", reshaped]);
    expect(out).toEqual([
      expect.stringMatching(/^line 5 \(com\.xxx\.ranking\.fg\.LRFg@v2\): inputs\[0\] "[^"]+" shape: logged \[\d+,1\], offline \[1,\d+\]$/),
      "line 2: cannot replay: Not valid JSON",
      `line 3: cannot replay: No fg package ${LR.class}@v99 is published`,
      "4 record(s) replayed: 1 identical, 1 differ, 2 could not be replayed",
    ]);
    expect(code).toBe(1);
  });

  it("exits 0 on an empty log and 2 on bad arguments", async () => {
    expect((await replay([])).code).toBe(0);
    const out: string[] = [];
    const deps = { resolveFg: demoFgResolver, readFgFile: async () => "unused", log: (l: string) => out.push(l) };
    expect(await replayMain(["--replay"], deps)).toBe(2);
    expect(await replayMain(["--replay", "x.jsonl", "--fg-file", "LRFg=x.json"], deps)).toBe(2);
    expect(await replayMain(["--replay", "x.jsonl", "--input", "y"], deps)).toBe(2);
    expect(out.filter((l) => !l.includes("usage"))).toEqual([]);
  });
});

describe("firstDifference", () => {
  const io = '{"inputs":[{"name":"x","dtype":"float","shape":[2],"values":[1,2]}],"outputs":[{"name":"y"}]}';
  it("names a value, a missing tensor, an output, and equal values written differently", () => {
    expect(firstDifference(io, io.replace("[1,2]", "[1,3]"))).toBe('inputs[0] "x" values[1]: logged 2, offline 3');
    expect(firstDifference(io, io.replace('"outputs":[{"name":"y"}]', '"outputs":[{"name":"y"},{"name":"z"}]'))).toBe('outputs[1] "z": offline only');
    expect(firstDifference(io.replace("[1,2]", "[1,2.0]"), io)).toMatch(/^equal values, different bytes from character \d+/);
  });
});
