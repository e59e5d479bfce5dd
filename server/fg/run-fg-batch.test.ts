import { describe, expect, it } from "vitest";
import { DEMO_DNN_CODE_PACKAGE, DNN_FG_CODE, DNN_FG_SPEC, LR_FG_SPEC } from "@/db/seed/favpush";
import type { FgPackage } from "@/server/contracts/fg";
import { AppError } from "@/server/errors";
import type { FgBatchOutcome } from "@/sdk/src/runtime/ports";
import { sandboxPool } from "./code/sandbox-pool";
import type { FeatureMap } from "./featuremap";
import { MAX_FG_BATCH_ITEMS } from "./fg-batch-limits";
import { runFg } from "./run-fg";
import { runFgBatch } from "./run-fg-batch";
import { serializeTensorIO } from "./tensor-io";

const vec = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.round(Math.sin(seed * 10 + i) * 1e6) / 1e6);

/** Items as scoring builds them: some without a cf map (logged missing), one whose user_vec is too short. */
const featureMaps = (): FeatureMap[] =>
  Array.from({ length: 9 }, (_, i) => ({
    origin: { uid: 234, goods_id: 100 + i },
    online: true,
    log: i % 3 === 0 ? { missing_features: ["cf"] } : {},
    user_vec: i === 4 ? [1, 2] : vec(1),
    goods_vec: vec(100 + i),
    cf: i % 3 === 0 ? null : { score: i / 4 },
  }));

/** An outcome as bytes and data: the TensorIO's canonical text, or the error's code, message and details. */
type Seen = { io: string; log: unknown } | { error: { name: string; code?: string; message: string; details?: unknown }; log: unknown };

function seen(outcome: FgBatchOutcome, featureMap: FeatureMap): Seen {
  if ("io" in outcome) return { io: serializeTensorIO(outcome.io), log: featureMap.log };
  const e = outcome.error as AppError;
  return { error: { name: e.name, code: e.code, message: e.message, details: e.details }, log: featureMap.log };
}

async function alone(pkg: FgPackage, maps: FeatureMap[]): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const fm of maps) out.push(seen(await runFg(pkg, fm).then((io) => ({ io }), (error: unknown) => ({ error })), fm));
  return out;
}

async function together(pkg: FgPackage, maps: FeatureMap[]): Promise<Seen[]> {
  const outcomes = await runFgBatch(pkg, maps);
  expect(outcomes).toHaveLength(maps.length);
  return outcomes.map((o, i) => seen(o, maps[i]!));
}

const THROWS_FOR_GOODS_105 = DNN_FG_CODE.replace("export function build(fm) {", "export function build(fm) {\n  if (fm.origin.goods_id === 105) throw new Error('no goods 105');");

describe("runFgBatch gives each item exactly what runFg gives it", () => {
  it.each<[string, FgPackage]>([
    ["declarative LRFg", { kind: "declarative", spec: LR_FG_SPEC }],
    ["declarative DNNFg", { kind: "declarative", spec: DNN_FG_SPEC }],
    ["code DNNFg", DEMO_DNN_CODE_PACKAGE],
    ["a code fg whose build throws for one item", { kind: "code", source: THROWS_FOR_GOODS_105 }],
  ])("%s: same bytes, same errors, same log writes, in input order", async (_name, pkg) => {
    const expected = await alone(pkg, featureMaps());
    const actual = await together(pkg, featureMaps());
    expect(actual).toEqual(expected);
    // The items around a failing one still ran.
    expect(actual.filter((s) => "io" in s).length).toBeGreaterThanOrEqual(7);
  }, 60_000);

  it("names the failing items' own errors: a short vector, a throwing build", async () => {
    const outcomes = await together({ kind: "code", source: THROWS_FOR_GOODS_105 }, featureMaps());
    expect(outcomes.map((s) => ("error" in s ? s.error.message : "ok"))).toEqual([
      "ok",
      "ok",
      "ok",
      "ok",
      expect.stringMatching(/^The fg code threw in build\(\): Error: user_vec must be a vector of 8 numbers/),
      expect.stringMatching(/^The fg code threw in build\(\): Error: no goods 105 \(line 11/),
      "ok",
      "ok",
      "ok",
    ]);
  }, 60_000);

  it("gives every item runFg's error for a stored spec that is no longer valid", async () => {
    const pkg = { kind: "declarative", spec: { inputs: [], outputs: [] } } as unknown as FgPackage;
    const expected = await alone(pkg, featureMaps().slice(0, 2));
    expect(await together(pkg, featureMaps().slice(0, 2))).toEqual(expected);
    expect(expected[0]).toMatchObject({ error: { code: "unprocessable", message: expect.stringMatching(/^Invalid declarative fg spec/) } });
  });

  it("answers an empty batch with nothing, and sends the sandbox nothing", async () => {
    const before = sandboxPool().stats().posted;
    expect(await runFgBatch(DEMO_DNN_CODE_PACKAGE, [])).toEqual([]);
    expect(sandboxPool().stats().posted).toBe(before);
  });

  it(`refuses a batch over ${MAX_FG_BATCH_ITEMS} featureMaps whole (422), running none of it`, async () => {
    const maps = Array.from({ length: MAX_FG_BATCH_ITEMS + 1 }, () => featureMaps()[1]!);
    const before = sandboxPool().stats().posted;
    for (const pkg of [DEMO_DNN_CODE_PACKAGE, { kind: "declarative", spec: DNN_FG_SPEC } as FgPackage]) {
      const e = await runFgBatch(pkg, maps).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: "unprocessable", status: 422, details: { limit: MAX_FG_BATCH_ITEMS, count: MAX_FG_BATCH_ITEMS + 1 } });
    }
    expect(sandboxPool().stats().posted).toBe(before);
    expect(maps.every((m) => Object.keys(m.log).length === 0)).toBe(true);
  });

  it(`runs a full batch of ${MAX_FG_BATCH_ITEMS} code items as ONE sandbox message`, async () => {
    const maps = Array.from({ length: MAX_FG_BATCH_ITEMS }, (_, i) => ({ ...featureMaps()[1]!, origin: { uid: 234, goods_id: i } }));
    const before = sandboxPool().stats().posted;
    const outcomes = await runFgBatch(DEMO_DNN_CODE_PACKAGE, maps);
    expect(sandboxPool().stats().posted - before).toBe(1);
    expect(outcomes.every((o) => "io" in o)).toBe(true);
    const one = await runFg(DEMO_DNN_CODE_PACKAGE, { ...featureMaps()[1]!, origin: { uid: 234, goods_id: 7 } });
    expect(serializeTensorIO((outcomes[7] as { io: typeof one }).io)).toBe(serializeTensorIO(one));
  }, 60_000);
});
