import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DNN_CODE_PACKAGE, DEMO_FG_PACKAGES, DNN_FG_CODE } from "@/db/seed/favpush";
import { createFeatureLogger, fileFeatureLogSink, type FeatureLogScored } from "@/sdk/src/runtime/feature-log";
import { buildFeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";

/**
 * Online = offline on a feature log, through the command line as a training job runs it
 * (`npm run fg -- --replay`, a child process). The log is written by the SDK's logger to a
 * rotated file, from featureMaps built as online scoring builds them and TensorIOs from the
 * console's runFg (what online scoring runs), for the demo's declarative LRFg@v2 and the code
 * DNNFg@v3, single requests and a batch. Replayed: no differences. One value tampered in the
 * file: the replay names its line, item, tensor and index, and exits 1.
 */
const root = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);
let dir: string;
let logPath: string;
const fgFileArgs: string[] = [];

const LR = DEMO_FG_PACKAGES.find((p) => p.class.endsWith(".LRFg"))!;
const DNN_CODE = { class: "com.xxx.ranking.fg.DNNFg", version: "v3", pkg: DEMO_DNN_CODE_PACKAGE };

const vec = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.cos(seed * 7 + i) / 3);
const features = (i: number) => ({ user_vec: vec(i), goods_vec: vec(i + 100), cf: i % 3 === 0 ? null : { score: i / 7, co_clicks: i } });

async function scoredOnline(pkg: typeof LR.pkg, i: number): Promise<FeatureLogScored> {
  const origin = { uid: 1000 + i, goods_id: 50 + i };
  const featureMap = buildFeatureMap({ origin, online: true, features: features(i) });
  const tensorIO = await runFg(pkg, featureMap);
  return { featureMap, tensorIO, outputs: { y: { dtype: "float", shape: [1], values: [i / 10] } } };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fg-replay-"));
  const lrFile = path.join(dir, "lr.json");
  const dnnFile = path.join(dir, "dnn.js");
  await writeFile(lrFile, JSON.stringify(LR.pkg));
  await writeFile(dnnFile, DNN_FG_CODE);
  fgFileArgs.push("--fg-file", `${LR.class}@${LR.version}=${lrFile}`, "--fg-file", `${DNN_CODE.class}@${DNN_CODE.version}=${dnnFile}`);

  logPath = path.join(dir, "features.jsonl");
  const logger = createFeatureLogger({ sink: fileFeatureLogSink({ path: logPath }), sampleRate: 1 });
  const head = (fg: { class: string; version: string }, i: number) => ({
    app: "favpush",
    request: { app_name: "favpush", origin: { uid: 1000 + i } },
    release: 7,
    solution: fg === LR ? "v1" : "v2",
    bucket: i,
    fg: { class: fg.class, version: fg.version },
  });
  for (let i = 0; i < 6; i++) logger.maybeLog({ ...head(LR, i), ...(await scoredOnline(LR.pkg, i)) });
  // A batch of 4 items under the code fg (lines 7-10, items 0-3).
  const items = [];
  for (let i = 0; i < 4; i++) items.push(await scoredOnline(DNN_CODE.pkg, 20 + i));
  const request = { app_name: "favpush", origin: { uid: 1020 }, items: items.map((_, i) => ({ goods_id: 70 + i })) };
  logger.maybeLog({ ...head(DNN_CODE, 20), request, items });
  await logger.close();
  expect(logger.stats()).toMatchObject({ written: 10, dropped: 0, failed: 0 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function replay(file: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ["--import", "tsx", path.join(root, "scripts/fg-offline.ts"), "--replay", file, ...fgFileArgs], { cwd: root });
    return { code: 0, stderr };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { code: err.code ?? -1, stderr: err.stderr ?? String(e) };
  }
}

describe("npm run fg -- --replay", () => {
  it("finds no difference in a log the runtime's logger wrote", async () => {
    const { code, stderr } = await replay(logPath);
    expect(stderr).toContain("10 record(s) replayed: 10 identical, 0 differ");
    expect(code).toBe(0);
  });

  it("names a tampered value (line, item, tensor, index) and exits 1", async () => {
    const lines = (await readFile(logPath, "utf8")).split("\n");
    // Line 9 is item 2 of the batch: change the 4th value of its second input tensor.
    const record = JSON.parse(lines[8]!);
    expect(record.item).toBe(2);
    const tensor = record.tensorIO.inputs[1];
    const original = tensor.values[3];
    const tamperedIO = structuredClone(record.tensorIO);
    tamperedIO.inputs[1].values[3] = original + 1e-9;
    const before = lines[8]!;
    lines[8] = before.replace(JSON.stringify(record.tensorIO), JSON.stringify(tamperedIO));
    expect(lines[8]).not.toBe(before);
    const tampered = path.join(dir, "tampered.jsonl");
    await writeFile(tampered, lines.join("\n"));

    const { code, stderr } = await replay(tampered);
    expect(stderr).toContain(
      `line 9 item 2 (${DNN_CODE.class}@${DNN_CODE.version}): inputs[1] ${JSON.stringify(tensor.name)} values[3]: logged ${JSON.stringify(original + 1e-9)}, offline ${JSON.stringify(original)}`,
    );
    expect(stderr).toContain("10 record(s) replayed: 9 identical, 1 differ");
    expect(code).toBe(1);
  });
});
